package org.crossbarhil.protocol;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets a property's tries from the system property {@code crossbar.fuzz.tries}, which the build
 * sets (2,000,000 with {@code -Pfuzz}); 100,000 when run outside Maven.
 */
public class FuzzTries implements AroundPropertyHook {
    static final String PROPERTY = "crossbar.fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        context.attributes().setTries(Integer.getInteger(PROPERTY, 100_000));
        return property.execute();
    }
}

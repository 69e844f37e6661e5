package org.crossbarhil.driver;

/** Receives board events on a driver thread; must not block. */
@FunctionalInterface
public interface BoardEventListener {
    BoardEventListener NONE = event -> {
    };

    void onEvent(BoardEvent event);
}

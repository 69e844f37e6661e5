package org.crossbarhil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuthTest {
    @Test
    void withoutATokenEveryoneIsAClientAndTheAdminTokenStillMakesAnAdministrator() {
        Auth a = new Auth(null, GatewayFixture.ADMIN_TOKEN);
        assertThat(a.check("")).isEqualTo(Auth.Role.CLIENT);
        assertThat(a.check(GatewayFixture.ADMIN_TOKEN)).isEqualTo(Auth.Role.ADMIN);
    }

    @Test
    void withATokenOnlyItOrTheAdminTokenIsAccepted() {
        Auth a = new Auth(GatewayFixture.TOKEN, GatewayFixture.ADMIN_TOKEN);
        assertThat(a.check("")).isEqualTo(Auth.Role.REFUSED);
        assertThat(a.check(GatewayFixture.TOKEN.substring(1))).isEqualTo(Auth.Role.REFUSED);
        assertThat(a.check(GatewayFixture.TOKEN + "x")).isEqualTo(Auth.Role.REFUSED);
        assertThat(a.check("\t" + GatewayFixture.TOKEN + "\n")).as("surrounding whitespace ignored").isEqualTo(Auth.Role.CLIENT);
        assertThat(a.check(GatewayFixture.ADMIN_TOKEN)).isEqualTo(Auth.Role.ADMIN);
    }
}

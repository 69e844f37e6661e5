package org.crossbarhil.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The board URI grammar of docs/board-uris.md, one rule per test. */
class BoardUriTest {

    @Test
    void parseErrorsNeverQuoteATokenValue() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://h:1?token=s3cret&token=x")).hasMessageContaining("given twice")
                .hasMessageNotContaining("s3cret").hasMessageContaining("token=***");
        assertThatThrownBy(() -> BoardUri.parse("tcp://h:x?token=s3cret")).hasMessageContaining("is not a number")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aBareSchemeIsAUri() {
        BoardUri u = BoardUri.parse("sim:");
        assertThat(u.scheme()).isEqualTo("sim");
        assertThat(u.host()).isNull();
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.path()).isNull();
        assertThat(u.parameters()).isEmpty();
    }

    @Test
    void parametersMayFollowABareSchemeAndKeepTheirOrder() {
        BoardUri u = BoardUri.parse("sim:?profile=x&seed=7");
        assertThat(u.parameters()).containsExactly(java.util.Map.entry("profile", "x"), java.util.Map.entry("seed", "7"));
        assertThat(u.intParameter("seed", 0)).isEqualTo(7);
        assertThat(u.parameter("missing", "default")).isEqualTo("default");
    }

    @Test
    void aPathStyleUriKeepsItsQuery() {
        BoardUri u = BoardUri.parse("serial:COM3?baud=1");
        assertThat(u.path()).isEqualTo("COM3");
        assertThat(u.intParameter("baud", 0)).isEqualTo(1);
        assertThat(BoardUri.parse("serial:/dev/ttyUSB0?baud=921600").path()).isEqualTo("/dev/ttyUSB0");
    }

    @Test
    void anAuthorityHasAHostAndAPort() {
        BoardUri u = BoardUri.parse("tcp://127.0.0.1:7700");
        assertThat(u.host()).isEqualTo("127.0.0.1");
        assertThat(u.port()).isEqualTo(7700);
        assertThat(u.path()).isNull();
    }

    @Test
    void anIpv6HostIsWrittenInBrackets() {
        BoardUri u = BoardUri.parse("tcp://[::1]:7700");
        assertThat(u.host()).isEqualTo("::1");
        assertThat(u.port()).isEqualTo(7700);
    }

    @Test
    void theSchemeIsCaseInsensitive() {
        assertThat(BoardUri.parse("TCP://bench:1").scheme()).isEqualTo("tcp");
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(BoardUri.parse("  sim:  ").scheme()).isEqualTo("sim");
    }

    @Test
    void anEmptyUriIsRefusedWithExamples() {
        assertThatThrownBy(() -> BoardUri.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty board URI (examples: sim:, tcp://127.0.0.1:7700, serial:/dev/ttyUSB0)");
    }

    @Test
    void aUriWithoutSchemeIsRefused() {
        assertThatThrownBy(() -> BoardUri.parse("localhost"))
                .hasMessage("board URI 'localhost' has no scheme (examples: sim:, tcp://127.0.0.1:7700, serial:/dev/ttyUSB0)");
        assertThatThrownBy(() -> BoardUri.parse(":7700")).hasMessageContaining("has no scheme");
    }

    @Test
    void aSchemeMustStartWithALetter() {
        assertThatThrownBy(() -> BoardUri.parse("7tcp://h:1")).hasMessage("board URI '7tcp://h:1': invalid scheme '7tcp'");
    }

    @Test
    void anUnclosedIpv6BracketIsRefused() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://[::1:7700"))
                .hasMessage("board URI 'tcp://[::1:7700': unclosed '[' in IPv6 host");
    }

    @Test
    void textAfterAnIpv6HostMustBeThePort() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://[::1]x"))
                .hasMessage("board URI 'tcp://[::1]x': unexpected text after IPv6 host");
    }

    @Test
    void anAuthorityNeedsAHost() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://:7700"))
                .hasMessage("board URI 'tcp://:7700': missing or invalid host (expected: tcp://HOST:PORT)");
    }

    @Test
    void aSerialUriWithAnAuthorityIsToldTheSerialFormNeverSerialHostPort() {
        assertThatThrownBy(() -> BoardUri.parse("serial:///dev/ttyUSB0"))
                .hasMessageContaining("serial:PATH for a port, e.g. serial:/dev/ttyUSB0")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("serial://HOST"));
    }

    @Test
    void aPortMustBeANumber() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://bench:http"))
                .hasMessage("board URI 'tcp://bench:http': port 'http' is not a number");
    }

    @Test
    void aPortMustBeInRange() {
        assertThatThrownBy(() -> BoardUri.parse("tcp://bench:70000"))
                .hasMessage("board URI 'tcp://bench:70000': port 70000 (expected: 1..65535)");
        assertThatThrownBy(() -> BoardUri.parse("tcp://bench:0")).hasMessageContaining("port 0 (expected: 1..65535)");
    }

    @Test
    void aStrayAmpersandIsRefused() {
        assertThatThrownBy(() -> BoardUri.parse("sim:?a=1&&b=2"))
                .hasMessage("board URI 'sim:?a=1&&b=2': empty parameter (stray '&')");
    }

    @Test
    void aParameterMustBeNameEqualsValue() {
        assertThatThrownBy(() -> BoardUri.parse("sim:?seed"))
                .hasMessage("board URI 'sim:?seed': parameter 'seed' is not name=value");
        assertThatThrownBy(() -> BoardUri.parse("sim:?=7")).hasMessageContaining("parameter '=7' is not name=value");
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        assertThatThrownBy(() -> BoardUri.parse("sim:?seed=1&seed=2"))
                .hasMessage("board URI 'sim:?seed=1&seed=2': parameter 'seed' given twice");
    }

    @Test
    void percentEscapesAreDecodedAndPlusIsKept() {
        BoardUri u = BoardUri.parse("serial:/dev/serial/by-id/usb%20board?client=a+b%26c");
        assertThat(u.path()).isEqualTo("/dev/serial/by-id/usb board");
        assertThat(u.parameter("client")).isEqualTo("a+b&c");
    }

    @Test
    void aBadPercentEscapeIsRefused() {
        assertThatThrownBy(() -> BoardUri.parse("sim:?profile=%zz"))
                .hasMessage("board URI 'sim:?profile=%zz': bad %-escape in '%zz'");
    }

    @Test
    void unknownParametersAreRefusedByNameListingTheKnownOnes() {
        BoardUri u = BoardUri.parse("tcp://h:1?timeout=3&tiemout=4");
        assertThatThrownBy(() -> u.requireKnownParameters(Set.of("timeout", "client")))
                .hasMessage("board URI 'tcp://h:1?timeout=3&tiemout=4': unknown parameter 'tiemout' for scheme tcp: "
                        + "(known: client, timeout)");
    }

    @Test
    void numericParametersSayWhichValueIsWrong() {
        BoardUri u = BoardUri.parse("serial:COM3?baud=fast&timeout=inf");
        assertThatThrownBy(() -> u.intParameter("baud", 9600))
                .hasMessage("board URI 'serial:COM3?baud=fast&timeout=inf': baud=fast is not an integer");
        assertThatThrownBy(() -> u.doubleParameter("timeout", 1))
                .hasMessage("board URI 'serial:COM3?baud=fast&timeout=inf': timeout=inf is not a finite number");
    }

    @Test
    void aTokenNeverAppearsInMessages() {
        BoardUri u = BoardUri.parse("tcp://h:1?token=s3cret&client=me");
        assertThat(u.toString()).isEqualTo("tcp://h:1?token=***&client=me");
        assertThatThrownBy(() -> u.requireKnownParameters(Set.of("token"))).hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnknownSchemeIsRefusedListingTheKnownSchemes() {
        assertThatThrownBy(() -> Links.connector(BoardUri.parse("ftp://h:1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown board URI scheme 'ftp:' (known: ")
                .hasMessageContaining("tcp://HOST:PORT")
                .hasMessageContaining("tls://HOST:PORT")
                .hasMessageContaining("serial:PORT");
    }
}

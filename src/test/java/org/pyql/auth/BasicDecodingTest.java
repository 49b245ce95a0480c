package org.pyql.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pyql.error.UnauthorizedException;

/** Basic credentials decode strictly: only the base64 alphabet, nothing after the padding, UTF-8 inside. */
class BasicDecodingTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void validCredentialsDecode() {
        assertEquals("admin:abcd1234", Authenticator.decodeBasic(b64("admin:abcd1234")));
        assertEquals("admin:abcd1234\n", Authenticator.decodeBasic(b64("admin:abcd1234\n")), "echo 'u:p' | base64");
        assertEquals("admin:pw", Authenticator.decodeBasic("YWRtaW46cHc"), "padding is optional");
        assertEquals("ümlaut:pässword", Authenticator.decodeBasic(b64("ümlaut:pässword")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"YWRtaW46cHc=garbage", "YWRtaW46cHc=!", "YWRtaW46cHc=\u00e9", "YWRt aW46cHc=", "YWRtaW46\ncHc=",
            "YWRtaW46cHc==", "YWRtaW46cHc=YWRt", "!!!", "YWRtaW46cHc*"})
    void trailingGarbageAndForeignCharactersAre401(String encoded) {
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> Authenticator.decodeBasic(encoded));
        assertEquals(401, e.status());
        assertEquals("malformed Basic credentials", e.error());
    }

    @Test
    void bytesThatAreNotUtf8Are401() {
        String encoded = Base64.getEncoder().encodeToString(new byte[] {'a', ':', (byte) 0xC0, (byte) 0xA7});
        assertEquals("malformed Basic credentials",
                assertThrows(UnauthorizedException.class, () -> Authenticator.decodeBasic(encoded)).error());
    }
}

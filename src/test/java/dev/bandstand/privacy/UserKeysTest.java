package dev.bandstand.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.PrivacySettings;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserKeysTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void keyIsHmacSha256AsInRfc4231TestCase1() {
        byte[] secret = new byte[20];
        Arrays.fill(secret, (byte) 0x0b);

        String key = UserKeys.of(secret).key("Hi There");

        // RFC 4231, section 4.2, HMAC-SHA-256
        assertThat(key).isEqualTo(
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void configuredSecretWinsOverTheEnvironmentAndGivesStableKeys() {
        PrivacySettings settings = new PrivacySettings("0123456789abcdef-config");
        Map<String, String> env = Map.of(PrivacySettings.SECRET_ENV, "0123456789abcdef-env");

        UserKeys a = UserKeys.resolve(settings, env, true, random);
        UserKeys b = UserKeys.resolve(settings, Map.of(), true, random);
        UserKeys fromEnv = UserKeys.resolve(PrivacySettings.DEFAULTS, env, true, random);

        assertThat(a.key("alice")).isEqualTo(b.key("alice")).hasSize(64)
                .doesNotContain("alice");
        assertThat(fromEnv.key("alice")).isNotEqualTo(a.key("alice"));
        assertThat(a.generated()).isFalse();
    }

    @Test
    void missingSecretIsRefusedWhenKeysMustOutliveTheProcess() {
        assertThatThrownBy(() -> UserKeys.resolve(PrivacySettings.DEFAULTS, Map.of(), true,
                random)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("privacy.userIdSecret");
    }

    @Test
    void shortSecretIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> UserKeys.resolve(new PrivacySettings("short-secret"),
                Map.of(), false, random)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 16 bytes")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void withoutASecretAndWithoutALogEachProcessGetsItsOwnRandomSecret() {
        UserKeys one = UserKeys.resolve(PrivacySettings.DEFAULTS, Map.of(), false, random);
        UserKeys two = UserKeys.resolve(PrivacySettings.DEFAULTS, Map.of(), false, random);

        assertThat(one.generated()).isTrue();
        assertThat(one.key("alice")).isNotEqualTo(two.key("alice"));
    }
}

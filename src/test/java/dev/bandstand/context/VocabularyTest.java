package dev.bandstand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.Normalizer;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {

    @Test
    void valuesAreTrimmedLowerCasedAndDashed() {
        assertThat(Vocabulary.normalise("f", "  Hip  Hop ")).isEqualTo("hip-hop");
        assertThat(Vocabulary.normalise("f", "SMILING_FACE")).isEqualTo("smiling-face");
        assertThat(Vocabulary.normalise("f", "already-fine")).isEqualTo("already-fine");
    }

    @Test
    void keySeparatorsNeverSurvive() {
        String value = Vocabulary.normalise("f", "rock/pop | indie:live");

        assertThat(value).isEqualTo("rock-pop-indie-live");
        assertThat(Vocabulary.normalise("f", "/tv/")).isEqualTo("tv");
    }

    @Test
    void lowerCasingIgnoresTheDefaultLocale() {
        java.util.Locale original = java.util.Locale.getDefault();
        String value;
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            value = Vocabulary.normalise("f", "TITLE");
        } finally {
            java.util.Locale.setDefault(original);
        }

        assertThat(value).isEqualTo("title");
    }

    @Test
    void missingOrBlankValuesAreUnknown() {
        assertThat(Vocabulary.normalise("f", null)).isEqualTo("unknown");
        assertThat(Vocabulary.normalise("f", " _ ")).isEqualTo("unknown");
    }

    @Test
    void unknownDevicesAndActivitiesKeepTheirOwnValue() {
        assertThat(Vocabulary.device("Smart Fridge")).isEqualTo("smart-fridge");
        assertThat(Vocabulary.activity("Gardening")).isEqualTo("gardening");
    }

    @Test
    void synonymsFoldToOneValue() {
        assertThat(Vocabulary.device("Mobile")).isEqualTo("phone");
        assertThat(Vocabulary.device("television")).isEqualTo("tv");
        assertThat(Vocabulary.device("smart_tv")).isEqualTo("tv");
        assertThat(Vocabulary.activity("commute")).isEqualTo("commuting");
    }

    @Test
    void overlongValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> Vocabulary.normalise("context.device", "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context.device:");
    }

    @Test
    void featureNamesAreShortAsciiWords() {
        assertThat(Vocabulary.isFeatureName("tempo")).isTrue();
        assertThat(Vocabulary.isFeatureName("user.age_2")).isTrue();
        assertThat(Vocabulary.isFeatureName("a|b")).isFalse();
        assertThat(Vocabulary.isFeatureName("")).isFalse();
        assertThat(Vocabulary.isFeatureName("-x")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"phone", "smart-tv", "a.b+c",
        "x9", "-phone", "phone-", "Phone", "rock/pop", "a b", "a_b", "a:b", "a|b", "caf\u00e9",
        "\uff21bc", "tab\tx", "--"})
    void theShortcutForNormalValuesAgreesWithTheFullRule(String raw) {
        String full = Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .strip().toLowerCase(Locale.ROOT)
                .replaceAll("[\\s_/|:]+", "-").replaceAll("^-+|-+$", "");

        assertThat(Vocabulary.normalise("f", raw)).isEqualTo(full.isEmpty() ? "unknown" : full);
    }
}

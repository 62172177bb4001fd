package dev.bandstand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.PartsOfDay;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

// Reference local times were worked out by hand from the zones' published rules (tz database):
// New York leaves EST at 2026-03-08 02:00 and returns at 2026-11-01 02:00, London enters BST at
// 2026-03-29 01:00 UTC, Lord Howe moves from +10:30 to +11:00 at 2026-10-04 02:00 local.
class ContextFactoryTest {

    private final ContextFactory factory = new ContextFactory(PartsOfDay.defaults());

    private Context at(String timestamp, String zone) {
        return factory.create(timestamp, zone, null, null, null);
    }

    @Test
    void newYorkSkipsTwoAmWhenDaylightSavingStarts() {
        Context before = at("2026-03-08T06:30:00Z", "America/New_York");
        Context after = at("2026-03-08T07:30:00Z", "America/New_York");

        assertThat(before.localHour()).isEqualTo(1);
        assertThat(after.localHour()).isEqualTo(3);
        assertThat(after.dayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(after.dayType()).isEqualTo("weekend");
    }

    @Test
    void newYorkLivesOneAmTwiceWhenDaylightSavingEnds() {
        Context first = at("2026-11-01T05:30:00Z", "America/New_York");
        Context second = at("2026-11-01T06:30:00Z", "America/New_York");
        Context later = at("2026-11-01T07:30:00Z", "America/New_York");

        assertThat(first.localHour()).isEqualTo(1);
        assertThat(second.localHour()).isEqualTo(1);
        assertThat(later.localHour()).isEqualTo(2);
        assertThat(second.partOfDay()).isEqualTo("night");
    }

    @Test
    void londonJumpsFromOneToThreeAmOnItsSpringSunday() {
        Context gmt = at("2026-03-29T00:30:00Z", "Europe/London");
        Context bst = at("2026-03-29T01:30:00Z", "Europe/London");

        assertThat(gmt.localHour()).isZero();
        assertThat(bst.localHour()).isEqualTo(2);
    }

    @Test
    void kolkataHalfHourOffsetDecidesTheMorningBoundary() {
        Context night = at("2026-06-15T00:29:00Z", "Asia/Kolkata");
        Context morning = at("2026-06-15T00:30:00Z", "Asia/Kolkata");

        assertThat(night.localHour()).isEqualTo(5);
        assertThat(night.partOfDay()).isEqualTo("night");
        assertThat(morning.localHour()).isEqualTo(6);
        assertThat(morning.partOfDay()).isEqualTo("morning");
        assertThat(morning.dayType()).isEqualTo("weekday");
    }

    @Test
    void lordHoweHalfHourDaylightShiftMovesTheSameUtcTimeToTheNextHour() {
        Context standard = at("2026-10-03T00:15:00Z", "Australia/Lord_Howe");
        Context daylight = at("2026-10-04T00:15:00Z", "Australia/Lord_Howe");

        assertThat(standard.localHour()).isEqualTo(10);
        assertThat(daylight.localHour()).isEqualTo(11);
    }

    @Test
    void dateLineZonesPutOneInstantOnDifferentDays() {
        Context kiritimati = at("2026-06-14T12:00:00Z", "Pacific/Kiritimati");
        Context pagoPago = at("2026-06-14T12:00:00Z", "Pacific/Pago_Pago");

        assertThat(kiritimati.dayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(kiritimati.dayType()).isEqualTo("weekday");
        assertThat(kiritimati.localHour()).isEqualTo(2);
        assertThat(pagoPago.dayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(pagoPago.dayType()).isEqualTo("weekend");
        assertThat(pagoPago.localHour()).isEqualTo(1);
    }

    @Test
    void sameInstantInThreeZonesFallsInThreePartsOfDay() {
        String instant = "2026-06-15T12:00:00Z";

        assertThat(at(instant, "America/Los_Angeles").partOfDay()).isEqualTo("night");
        assertThat(at(instant, "Europe/London").partOfDay()).isEqualTo("afternoon");
        assertThat(at(instant, "Asia/Tokyo").partOfDay()).isEqualTo("evening");
    }

    @Test
    void jvmDefaultZoneDoesNotChangeTheBuckets() {
        TimeZone original = TimeZone.getDefault();
        Context underUtc;
        Context underKiritimati;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            underUtc = at("2026-03-08T07:30:00Z", "America/New_York");
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            underKiritimati = at("2026-03-08T07:30:00Z", "America/New_York");
        } finally {
            TimeZone.setDefault(original);
        }

        assertThat(underKiritimati).isEqualTo(underUtc);
        assertThat(underKiritimati.localHour()).isEqualTo(3);
    }

    @Test
    void offsetTimestampIsTheSameInstantAsItsUtcForm() {
        Context withOffset = at("2026-03-08T01:30:00-05:00", "America/New_York");

        assertThat(withOffset.timestamp()).isEqualTo(Instant.parse("2026-03-08T06:30:00Z"));
        assertThat(withOffset.localHour()).isEqualTo(1);
    }

    @Test
    void configuredPartsOfDayWrapPastMidnight() {
        ContextFactory custom = new ContextFactory(new PartsOfDay(new java.util.TreeMap<>(
                Map.of(5, "early", 22, "late"))));

        Context threeAm = custom.create("2026-06-15T03:00:00Z", "UTC", null, null, null);

        assertThat(threeAm.partOfDay()).isEqualTo("late");
    }

    @Test
    void timestampWithoutOffsetIsRejectedNamingTheField() {
        assertThatThrownBy(() -> at("2026-03-08T06:30:00", "UTC"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context.timestamp:")
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> at("yesterday", "UTC"))
                .hasMessageStartingWith("context.timestamp:");
        assertThatThrownBy(() -> at(null, "UTC"))
                .hasMessage("context.timestamp: missing");
    }

    @Test
    void unknownZoneIsRejectedNamingTheField() {
        assertThatThrownBy(() -> at("2026-03-08T06:30:00Z", "Mars/Olympus_Mons"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("context.timeZone:")
                .hasMessageContaining("Mars/Olympus_Mons");
        assertThatThrownBy(() -> at("2026-03-08T06:30:00Z", " "))
                .hasMessage("context.timeZone: missing");
    }

    @Test
    void zoneIdIsMatchedIgnoringCase() {
        Context context = at("2026-03-08T07:30:00Z", "america/new_york");

        assertThat(context.timeZone().getId()).isEqualTo("America/New_York");
    }

    @Test
    void deviceActivityAndFeaturesAreNormalised() {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("mood", "  Chill_Out ");
        features.put("age", 34);
        features.put("premium", true);
        features.put("absent", null);

        Context context = factory.create("2026-06-15T12:00:00Z", "UTC", " Smart TV",
                "JOGGING", features);

        assertThat(context.device()).isEqualTo("tv");
        assertThat(context.activity()).isEqualTo("running");
        assertThat(context.features()).containsOnly(Map.entry("mood", "chill-out"),
                Map.entry("age", 34.0), Map.entry("premium", "true"));
        assertThat(context.attribute("mood")).isEqualTo("chill-out");
        assertThat(context.attribute("absent")).isEqualTo("none");
    }

    @Test
    void missingDeviceAndActivityAreUnknown() {
        Context context = factory.create("2026-06-15T12:00:00Z", "UTC", null, "   ", Map.of());

        assertThat(context.device()).isEqualTo("unknown");
        assertThat(context.activity()).isEqualTo("unknown");
    }

    @Test
    void badFeaturesAreRejectedNamingTheFeature() {
        assertThatThrownBy(() -> factory.create("2026-06-15T12:00:00Z", "UTC", null, null,
                Map.of("age", Double.NaN)))
                .hasMessageStartingWith("context.features.age:");
        assertThatThrownBy(() -> factory.create("2026-06-15T12:00:00Z", "UTC", null, null,
                Map.of("device", "tv")))
                .hasMessageStartingWith("context.features.device:")
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> factory.create("2026-06-15T12:00:00Z", "UTC", null, null,
                Map.of("a|b", "x")))
                .hasMessageStartingWith("context.features:");
        assertThatThrownBy(() -> factory.create("2026-06-15T12:00:00Z", "UTC", null, null,
                Map.of("list", java.util.List.of("x"))))
                .hasMessageStartingWith("context.features.list:");
    }
}

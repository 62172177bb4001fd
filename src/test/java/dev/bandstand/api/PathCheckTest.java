package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathCheckTest {

    @Test
    void wellEncodedPathsPass() {
        assertThat(PathCheck.problem("/v1/users/plain")).isNull();
        assertThat(PathCheck.problem("/v1/users/caf%C3%A9")).isNull();
        assertThat(PathCheck.problem("/v1/users/%F0%9F%8E%B5")).isNull();
        assertThat(PathCheck.problem("/v1/users/%2f%2F")).isNull();
    }

    @Test
    void malformedEscapesAreNamed() {
        assertThat(PathCheck.problem("/v1/users/%ZZ")).contains("character 10");
        assertThat(PathCheck.problem("/v1/users/%4")).contains("two hexadecimal digits");
        assertThat(PathCheck.problem("/v1/users/%")).contains("two hexadecimal digits");
    }

    @Test
    void escapesThatAreNotUtf8AreRefused() {
        assertThat(PathCheck.problem("/v1/users/%E0%A4")).contains("not valid UTF-8");
        assertThat(PathCheck.problem("/v1/users/%C0%AF")).contains("not valid UTF-8");
        assertThat(PathCheck.problem("/v1/users/%ED%A0%80")).contains("not valid UTF-8");
    }
}

package dev.bandstand.simulation;


/** Small scenarios shared by the tests. */
final class ScenarioFixtures {

    private ScenarioFixtures() {
    }

    /** The part-of-day problem with two policies, two replicates, and a check. */
    static Scenario partOfDay(int rounds) {
        String yaml = """
                name: tiny
                description: two stand-in policies on the part-of-day problem
                environment:
                  type: synthetic
                  problem: part-of-day
                  rounds: %d
                seed: 42
                replicates: 2
                placement:
                  buckets: [partOfDay]
                policies:
                  - name: first
                    policy: {type: uniform}
                  - name: second
                    policy: {type: uniform}
                checks:
                  - policy: first
                    metric: value
                    min: 0.2
                    max: 0.5
                gain:
                  policy: second
                  over: first
                """.formatted(rounds);
        return ScenarioLoader.parse(yaml, "fixture");
    }
}

package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReportTableTest {

    @Test
    void tableShowsEveryVariantWithItsIntervalsAndTheImprovement() throws Exception {
        String json = """
                {"placement":"artwork","experiment":"ab","control":"champion","variants":[
                 {"name":"bandit","serves":"policy","armId":null,"share":0.8,"holdout":false,
                  "exposures":80,"rewards":70,"mean":0.5,"meanInterval":[0.4,0.6],
                  "lift":{"variant":"bandit","against":"champion","difference":0.1,
                          "interval":[0.01,0.19],"pValue":0.03}},
                 {"name":"champion","serves":"fixed","armId":"art-1","share":0.2,
                  "holdout":true,"exposures":20,"rewards":0,"mean":null,"meanInterval":null,
                  "lift":null}],
                 "improvementOverEqualAllocation":null,
                 "modes":{"best":{"decisions":2,"rewards":0,"mean":null},
                          "baseline":{"decisions":4,"agreed":1,"agreement":0.25}}}
                """;

        String table = ReportTable.format(new ObjectMapper().readTree(json));

        assertThat(table).contains("experiment ab on placement artwork, control champion")
                .contains("0.5000 [0.4000, 0.6000]").contains("0.1000 [0.0100, 0.1900]")
                .contains("0.0300").contains("fixed:art-1").contains("(control)")
                .contains("agreement 0.2500").doesNotContain("improvement over");
        assertThat(table.lines()).hasSize(5);
    }
}

package dev.bandstand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bandstand report}: reads a running server's experiment report
 * ({@code GET /v1/placements/{p}/experiment}) and prints it as a table. Exit codes: 0 done,
 * 1 the server did not answer or answered an error, 2 bad command line (such as a
 * {@code --url} that is not an http or https URL with a host).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print a running server's A/B experiment report for one placement:"
                + " per variant exposures, rewards, mean reward and lift over the control"
                + " with 95%% intervals and Welch p-values.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "Base URL of the server, such as http://127.0.0.1:8080.")
    private URI url;

    @Option(names = "--placement", required = true, paramLabel = "NAME",
            description = "Placement whose experiment to report.")
    private String placement;

    @Option(names = "--json", description = "Print the server's JSON as it came.")
    private boolean json;

    @Option(names = "--timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long to wait for the server, in seconds (default:"
                    + " ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        if (!isHttpUrl(url)) {
            spec.commandLine().getErr().println("report: --url must be an http:// or https://"
                    + " URL with a host, such as http://127.0.0.1:8080, was '"
                    + url.toString().replaceFirst("//[^@/]*@", "//***@") + "'");
            return ExitCodes.USAGE;
        }
        String base = url.toString().replaceAll("/+$", "");
        URI target = URI.create(base + "/v1/placements/"
                + URLEncoder.encode(placement, StandardCharsets.UTF_8) + "/experiment");
        if (timeoutSeconds < 1) {
            spec.commandLine().getErr().println("report: --timeout must be at least 1, was "
                    + timeoutSeconds);
            return ExitCodes.USAGE;
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(target).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            spec.commandLine().getErr().println("report: no answer from " + target + ": " + e);
            return ExitCodes.FAILURE;
        }
        if (response.statusCode() != 200) {
            spec.commandLine().getErr().println("report: " + target + " answered "
                    + response.statusCode() + ": " + response.body());
            return ExitCodes.FAILURE;
        }
        if (json) {
            spec.commandLine().getOut().println(response.body());
            return ExitCodes.OK;
        }
        try {
            JsonNode report = new ObjectMapper().readTree(response.body());
            PrintWriter out = spec.commandLine().getOut();
            out.print(ReportTable.format(report));
            out.flush();
        } catch (IOException e) {
            spec.commandLine().getErr().println("report: not a report: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    /** True for an absolute http or https URL with a host. */
    static boolean isHttpUrl(URI url) {
        String scheme = url.getScheme();
        return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                && url.getHost() != null;
    }
}

package io.fnm.examples;

import io.fnm.capture.udp.UdpReceiver;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library jars work on the module path: their module descriptors resolve (with their dependencies, JCTools'
 * optional {@code jdk.unsupported} included), ServiceLoader finds the bundled providers through {@code provides},
 * jnr-ffi binds recvmmsg wherever it does on the class path, and an engine with NetFlow on starts.
 */
class ModulePathIT
{
    /** Main outputs of the library modules and the jars they depend on; the runner, tests and test jars stay out. */
    private static final Pattern LIBRARY = Pattern.compile(
        ".*(fnm-(capture-spi|core|capture-netflow|capture-sflow|actions)/target[^/]*/classes" +
        "|fnm-(capture-spi|core|capture-netflow|capture-sflow|actions)-[^/]*\\d(-SNAPSHOT)?\\.jar" +
        "|/(jctools-core|slf4j-api|agrona|jnr-ffi|jffi|jnr-x86asm|jnr-a64asm|asm|asm-[a-z]+" +
        // fnm-actions' outputs: Jackson, Jedis (and what it pulls), the MongoDB driver
        "|jackson-(databind|core|annotations)|jedis|commons-pool2|gson|error_prone_annotations|json" +
        "|redis-authx-core|mongodb-driver-(sync|core)|bson|bson-record-codec)-[^/]*\\.jar)$");

    @Test
    void shouldRunTheEngineWithItsProvidersFromTheModulePath() throws Exception
    {
        final List<String> modulePath = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            if (LIBRARY.matcher(entry.replace('\\', '/')).matches() && !entry.contains("-tests"))
            {
                modulePath.add(entry);
            }
        }
        final String port = String.valueOf(freeUdpPort());
        final List<String> command = List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--module-path", String.join(File.pathSeparator, modulePath),
            // jnr-ffi is an automatic module: it reads the ASM modules but does not pull them into the graph
            "--add-modules", "ALL-MODULE-PATH",
            "-cp", Path.of(ModulePathCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(),
            ModulePathCheck.class.getName(), port);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().collect(Collectors.toList())).as(output).contains(
            "engine module=io.fnm.core", "capture providers=2", "action providers=6",
            "metrics exporter providers=2",
            "recvmmsg=" + UdpReceiver.isRecvmmsgAvailable(),
            "problems=[]");
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}

package lab.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lab.loadtest.cli.NamedUrl;

/**
 * What a calibration is to do: what {@link CalibrateCommand} makes of its options.
 *
 * @param urls    measured in turn within each run; unnamed only when there is one (then the file is calibrate.json)
 * @param warmup  this generator's unmeasured load before each of its runs (the first also warms up its JIT compiler)
 */
public record CalibratePlan(List<NamedUrl> urls, int concurrency, Duration duration, Duration warmup, int runs, int ioThreads,
                            String wrk, int wrkThreads, Path out) {

    /** calibrate.json for one unnamed URL, as always; calibrate-NAME.json for a named one. */
    Path file(NamedUrl url) {
        return out.resolve(url.name().map(name -> "calibrate-" + name + ".json").orElse("calibrate.json"));
    }
}

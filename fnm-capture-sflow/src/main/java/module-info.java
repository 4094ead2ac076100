/**
 * sFlow v5 (and v4) collection: the {@code sflow} capture source.
 */
module io.fnm.capture.sflow
{
    requires transitive io.fnm.capture;
    requires org.agrona;
    requires org.slf4j;

    exports io.fnm.capture.sflow;

    provides io.fnm.capture.spi.CaptureSourceProvider with io.fnm.capture.sflow.SflowCaptureSourceProvider;
}

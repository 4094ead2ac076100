/**
 * NetFlow v5/v9 and IPFIX collection: the {@code netflow} capture source. Packages named {@code internal} are not
 * exported.
 */
module io.fnm.capture.netflow
{
    requires transitive io.fnm.capture;
    requires org.agrona;
    requires org.slf4j;

    exports io.fnm.capture.netflow;

    provides io.fnm.capture.spi.CaptureSourceProvider with io.fnm.capture.netflow.NetflowCaptureSourceProvider;
}

package io.fnm.actions.bgp;

import io.fnm.config.ConfigView;
import io.fnm.core.AttackAction;
import io.fnm.core.testkit.AttackActionContractTest;

import java.net.ServerSocket;
import java.util.Map;

class BgpSpeakerActionContractTest extends AttackActionContractTest
{
    @Override
    protected AttackAction createAction() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        return new BgpSpeakerAction(BgpSpeakerActionProvider.settings(ConfigView.of(Map.of(
            "gobgp", "on", "bgp_peer_address", "127.0.0.1:" + port, "bgp_peer_as", "65000", "bgp_local_as", "65001",
            "bgp_router_id", "192.0.2.2", "gobgp_announce_host", "on", "gobgp_announce_host_ipv6", "on",
            "bgp_mitigation", "both"))));
    }
}

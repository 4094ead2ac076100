package io.fnm.capture.netflow.internal;

/**
 * What the decoder does with a template field: a small int opcode per field, chosen once when a template is
 * compiled, so decoding a record is a loop over primitives. Information element numbers follow the IANA IPFIX
 * registry, which NetFlow v9 (RFC 3954 section 8) shares for numbers below 128 and for the Cisco-assigned ones above.
 */
public final class FieldAction
{
    /** Ignore the field (unknown, enterprise-specific, or of no use for counting). */
    public static final int SKIP = 0;
    /** IE 1 octetDeltaCount / IN_BYTES. */
    public static final int BYTES = 1;
    /** IE 2 packetDeltaCount / IN_PKTS. */
    public static final int PACKETS = 2;
    /** IE 85 octetTotalCount. */
    public static final int PERMANENT_BYTES = 3;
    /** IE 86 packetTotalCount. */
    public static final int PERMANENT_PACKETS = 4;
    /** IE 4 protocolIdentifier. */
    public static final int PROTOCOL = 5;
    /** IE 6 tcpControlBits (1 or 2 bytes; low octet used). */
    public static final int TCP_FLAGS = 6;
    /** IE 7 sourceTransportPort. */
    public static final int SRC_PORT = 7;
    /** IE 11 destinationTransportPort. */
    public static final int DST_PORT = 8;
    /** IE 8 sourceIPv4Address. */
    public static final int SRC_IPV4 = 9;
    /** IE 12 destinationIPv4Address. */
    public static final int DST_IPV4 = 10;
    /** IE 27 sourceIPv6Address. */
    public static final int SRC_IPV6 = 11;
    /** IE 28 destinationIPv6Address. */
    public static final int DST_IPV6 = 12;
    /** IE 10 ingressInterface. */
    public static final int INPUT_INTERFACE = 13;
    /** IE 14 egressInterface. */
    public static final int OUTPUT_INTERFACE = 14;
    /** IE 16 bgpSourceAsNumber. */
    public static final int SRC_AS = 15;
    /** IE 17 bgpDestinationAsNumber. */
    public static final int DST_AS = 16;
    /** IE 58 vlanId, 243 dot1qVlanId. */
    public static final int VLAN = 17;
    /** IE 21 flowEndSysUpTime / LAST_SWITCHED (ms of uptime). */
    public static final int LAST_SWITCHED = 18;
    /** IE 22 flowStartSysUpTime / FIRST_SWITCHED (ms of uptime). */
    public static final int FIRST_SWITCHED = 19;
    /** IE 150 flowStartSeconds. */
    public static final int START_SECONDS = 20;
    /** IE 151 flowEndSeconds. */
    public static final int END_SECONDS = 21;
    /** IE 152 flowStartMilliseconds. */
    public static final int START_MILLIS = 22;
    /** IE 153 flowEndMilliseconds. */
    public static final int END_MILLIS = 23;
    /** IE 32 icmpTypeCodeIPv4, 139 icmpTypeCodeIPv6 (type * 256 + code). */
    public static final int ICMP_TYPE_CODE = 24;
    /** IE 89 forwardingStatus (upper 2 bits of the low octet). */
    public static final int FORWARDING_STATUS = 25;
    /** IE 231 initiatorOctets (Cisco ASA NSEL). */
    public static final int INITIATOR_OCTETS = 26;
    /** IE 232 responderOctets. */
    public static final int RESPONDER_OCTETS = 27;
    /** IE 298 initiatorPackets. */
    public static final int INITIATOR_PACKETS = 28;
    /** IE 299 responderPackets. */
    public static final int RESPONDER_PACKETS = 29;
    /** IE 148 flowId. */
    public static final int FLOW_ID = 30;
    /** IE 230 natEvent. */
    public static final int NAT_EVENT = 31;
    /** IE 34 samplingInterval. */
    public static final int SAMPLING_INTERVAL = 32;
    /** IE 50 samplerRandomInterval. */
    public static final int SAMPLER_RANDOM_INTERVAL = 33;
    /** IE 48 samplerId. */
    public static final int SAMPLER_ID = 34;
    /** IE 302 selectorId. */
    public static final int SELECTOR_ID = 35;
    /** IE 304 selectorAlgorithm. */
    public static final int SELECTOR_ALGORITHM = 36;
    /** IE 305 samplingPacketInterval. */
    public static final int SAMPLING_PACKET_INTERVAL = 37;
    /** IE 306 samplingPacketSpace. */
    public static final int SAMPLING_PACKET_SPACE = 38;
    /** IE 309 samplingSize. */
    public static final int SAMPLING_SIZE = 39;
    /** IE 310 samplingPopulation. */
    public static final int SAMPLING_POPULATION = 40;
    /** IE 104 layer2packetSection (NetFlow Lite), 315 dataLinkFrameSection. */
    public static final int PACKET_SECTION = 41;
    /** IE 176 icmpTypeIPv4, 178 icmpTypeIPv6. */
    public static final int ICMP_TYPE = 42;
    /** IE 177 icmpCodeIPv4, 179 icmpCodeIPv6. */
    public static final int ICMP_CODE = 43;
    /** IE 154 flowStartMicroseconds, NTP format. */
    public static final int START_NTP = 44;
    /** IE 155 flowEndMicroseconds, NTP format. */
    public static final int END_NTP = 45;
    /** IE 60 ipVersion. */
    public static final int IP_VERSION = 46;
    /** IE 245 dot1qCustomerVlanId (inner VLAN). */
    public static final int INNER_VLAN = 47;
    /** IE 180 udpSourcePort, 182 tcpSourcePort: used when IE 7 is absent or zero. */
    public static final int SRC_PORT_BY_PROTOCOL = 48;
    /** IE 181 udpDestinationPort, 183 tcpDestinationPort: used when IE 11 is absent or zero. */
    public static final int DST_PORT_BY_PROTOCOL = 49;
    /** IE 313 ipHeaderPacketSection: a sampled packet from its IP header on. */
    public static final int IP_PACKET_SECTION = 50;
    /** IE 318 selectorIdTotalPktsObserved (NetFlow Lite / PSAMP). */
    public static final int PACKETS_OBSERVED = 51;
    /** IE 319 selectorIdTotalPktsSelected (NetFlow Lite / PSAMP). */
    public static final int PACKETS_SELECTED = 52;

    private FieldAction()
    {
    }

    /**
     * @param informationElement the field type (without the enterprise bit).
     * @param enterprise         true when the field carries an enterprise number.
     * @return the opcode for the field.
     */
    public static int of(final int informationElement, final boolean enterprise)
    {
        if (enterprise)
        {
            return SKIP;
        }
        switch (informationElement)
        {
            case 1: return BYTES;
            case 2: return PACKETS;
            case 85: return PERMANENT_BYTES;
            case 86: return PERMANENT_PACKETS;
            case 4: return PROTOCOL;
            case 6: return TCP_FLAGS;
            case 7: return SRC_PORT;
            case 11: return DST_PORT;
            case 180: case 182: return SRC_PORT_BY_PROTOCOL;
            case 181: case 183: return DST_PORT_BY_PROTOCOL;
            case 8: return SRC_IPV4;
            case 12: return DST_IPV4;
            case 27: return SRC_IPV6;
            case 28: return DST_IPV6;
            case 10: return INPUT_INTERFACE;
            case 14: return OUTPUT_INTERFACE;
            case 16: return SRC_AS;
            case 17: return DST_AS;
            case 58: case 243: return VLAN;
            case 245: return INNER_VLAN;
            case 21: return LAST_SWITCHED;
            case 22: return FIRST_SWITCHED;
            case 150: return START_SECONDS;
            case 151: return END_SECONDS;
            case 152: return START_MILLIS;
            case 153: return END_MILLIS;
            case 154: return START_NTP;
            case 155: return END_NTP;
            case 32: case 139: return ICMP_TYPE_CODE;
            case 176: case 178: return ICMP_TYPE;
            case 177: case 179: return ICMP_CODE;
            case 89: return FORWARDING_STATUS;
            case 231: return INITIATOR_OCTETS;
            case 232: return RESPONDER_OCTETS;
            case 298: return INITIATOR_PACKETS;
            case 299: return RESPONDER_PACKETS;
            case 148: return FLOW_ID;
            case 230: return NAT_EVENT;
            case 34: return SAMPLING_INTERVAL;
            case 50: return SAMPLER_RANDOM_INTERVAL;
            case 48: return SAMPLER_ID;
            case 302: return SELECTOR_ID;
            case 304: return SELECTOR_ALGORITHM;
            case 305: return SAMPLING_PACKET_INTERVAL;
            case 306: return SAMPLING_PACKET_SPACE;
            case 309: return SAMPLING_SIZE;
            case 310: return SAMPLING_POPULATION;
            case 104: case 315: return PACKET_SECTION;
            case 313: return IP_PACKET_SECTION;
            case 318: return PACKETS_OBSERVED;
            case 319: return PACKETS_SELECTED;
            case 60: return IP_VERSION;
            default: return SKIP;
        }
    }
}

/**
 * The attack details folder ({@code attack_details_folder}): the attack description text, its JSON, and the attack's
 * records as pcap ({@code collect_attack_pcap_dumps}) or CSV.
 */
package io.fnm.actions.details;

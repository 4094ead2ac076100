// fnm dashboard: one EventSource (/api/v1/stream) feeds every widget; no polling.
(function () {
  "use strict";
  var TOP_ROWS = 10;
  var TOKEN_KEY = "fnm-api-token";
  var COLORS = ["#4fb3ff", "#f5a623", "#3ecf8e", "#c678dd"];
  var NAMES = ["total", "tcp", "udp", "icmp"];
  var columns = [];
  var capacity = 900;
  var data = null;              // uPlot data: [times in s, then one array per column]
  var charts = {};
  var pendingUnban = null;

  function $(id) { return document.getElementById(id); }

  function si(value, unit) {
    var abs = Math.abs(value), prefixes = ["", "k", "M", "G", "T"], i = 0;
    while (abs >= 1000 && i < prefixes.length - 1) { abs /= 1000; value /= 1000; i++; }
    var text = i === 0 ? String(Math.round(value)) : value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
    return text + (prefixes[i] || "") + (unit || "");
  }

  function time(iso) {
    if (!iso) { return "never"; }
    return new Date(iso).toLocaleTimeString([], { hour12: false });
  }

  function cell(tr, text, title) {
    var td = document.createElement("td");
    td.textContent = text;
    if (title) { td.title = title; }
    tr.appendChild(td);
    return td;
  }

  // ---- charts -------------------------------------------------------------------------------------------------
  function chart(id, direction, unit) {
    var el = $(id);
    var series = [{}];
    var offsets = [];
    NAMES.forEach(function (name, i) {
      offsets.push(columns.indexOf(direction + "_" + unit + "_" + name));
      series.push({ label: name, stroke: COLORS[i], width: i === 0 ? 2 : 1, points: { show: false },
        fill: i === 0 ? "rgba(79,179,255,0.08)" : undefined,
        value: function (u, v) { return v == null ? "–" : si(v, unit === "pps" ? "" : "b"); } });
    });
    var plot = new uPlot({
      width: el.clientWidth || 300, height: el.clientHeight || 180, series: series,
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { stroke: "#7d8a99", grid: { stroke: "#26303b" }, ticks: { stroke: "#26303b" }, space: 60,
          values: function (u, vals) {
            return vals.map(function (v) { return new Date(v * 1000).toLocaleTimeString([], { hour12: false }); });
          } },
        { stroke: "#7d8a99", grid: { stroke: "#26303b" }, ticks: { stroke: "#26303b" }, size: 60,
          values: function (u, vals) { return vals.map(function (v) { return si(v, unit === "pps" ? "" : "b"); }); } }
      ],
      scales: { x: { time: true }, y: { range: function (u, min, max) { return [0, Math.max(10, max * 1.1)]; } } }
    }, chartData(offsets), el);
    charts[id] = { plot: plot, offsets: offsets, el: el };
  }

  function chartData(offsets) {
    var out = [data[0]];
    offsets.forEach(function (c) { out.push(data[c]); });
    return out;
  }

  function redraw() {
    Object.keys(charts).forEach(function (id) {
      var c = charts[id];
      c.plot.setData(chartData(c.offsets));
    });
  }

  function resize() {
    Object.keys(charts).forEach(function (id) {
      var c = charts[id];
      c.plot.setSize({ width: c.el.clientWidth, height: c.el.clientHeight - 30 });
    });
  }

  function addRow(row) {
    var n = data[0].length;
    if (n > 0 && row[0] / 1000 <= data[0][n - 1]) { return; } // already in the history
    data[0].push(row[0] / 1000);
    for (var c = 1; c < row.length; c++) { data[c].push(row[c]); }
    if (data[0].length > capacity) { data.forEach(function (a) { a.shift(); }); }
  }

  function onHistory(msg) {
    columns = msg.columns;
    capacity = msg.capacity;
    data = columns.map(function () { return []; });
    msg.rows.forEach(addRow);
    if (Object.keys(charts).length === 0) {
      chart("chart-in-pps", "in", "pps");
      chart("chart-in-bps", "in", "bps");
      chart("chart-out-pps", "out", "pps");
      chart("chart-out-bps", "out", "bps");
      resize();
    } else {
      redraw();
    }
  }

  // ---- tables -------------------------------------------------------------------------------------------------
  function hosts(tableId, list) {
    var body = document.createElement("tbody");
    for (var i = 0; i < TOP_ROWS; i++) {
      var tr = document.createElement("tr");
      var h = list[i];
      if (h) {
        if (h.banned) { tr.className = "banned"; }
        tr.dataset.ip = h.ip;
        cell(tr, h.ip, h.ip);
        cell(tr, si(h.pps)); cell(tr, si(h.bps, "b")); cell(tr, si(h.flows));
        cell(tr, si(h.tcp_pps)); cell(tr, si(h.udp_pps)); cell(tr, si(h.icmp_pps)); cell(tr, si(h.syn_pps));
      } else {
        for (var k = 0; k < 8; k++) { cell(tr, ""); }
      }
      body.appendChild(tr);
    }
    var table = $(tableId);
    table.replaceChild(body, table.tBodies[0]);
  }

  function bans(list) {
    var body = document.createElement("tbody");
    list.forEach(function (b) {
      var tr = document.createElement("tr");
      tr.dataset.ip = b.ip;
      cell(tr, b.ip, b.uuid);
      cell(tr, b.manual ? "manual" : b.direction + " " + b.type + " " + b.protocol);
      cell(tr, si(b.power_pps), "peak " + si(b.peak_pps) + " pps");
      cell(tr, time(b.since), b.since);
      cell(tr, b.until ? time(b.until) : "never", b.until || "");
      var button = document.createElement("button");
      button.className = "unban";
      button.dataset.ip = b.ip;
      button.textContent = "Unban";
      button.addEventListener("click", function () { unban(b.ip); });
      cell(tr, "").appendChild(button);
      body.appendChild(tr);
    });
    var table = $("bans");
    table.replaceChild(body, table.tBodies[0]);
    $("bans-empty").hidden = list.length > 0;
    $("ban-count").textContent = String(list.length);
  }

  function networks(list) {
    var body = document.createElement("tbody");
    list.forEach(function (n) {
      var tr = document.createElement("tr");
      cell(tr, n.prefix, n.prefix);
      cell(tr, si(n.in_pps)); cell(tr, si(n.in_bps, "b")); cell(tr, si(n.out_pps)); cell(tr, si(n.out_bps, "b"));
      body.appendChild(tr);
    });
    var table = $("networks");
    table.replaceChild(body, table.tBodies[0]);
  }

  var DETAIL_KEYS = ["attack_uuid", "attack_type", "attack_direction", "attack_protocol", "protocol_version",
    "initial_attack_power", "peak_attack_power", "threshold", "customer_network", "host_group", "detected_at",
    "unban_at", "unbanned_at", "ban_time_seconds", "total_incoming_pps", "total_incoming_traffic_bits",
    "total_outgoing_pps", "incoming_udp_pps", "incoming_tcp_pps", "incoming_syn_tcp_pps", "incoming_icmp_pps",
    "total_incoming_flows"];
  var RECORD_KEYS = ["captured_at", "source_ip", "source_port", "destination_ip", "destination_port", "protocol",
    "tcp_flags", "packets", "length", "ttl", "sample_ratio"];

  function attacks(list) {
    var box = $("attacks");
    var open = {};
    box.querySelectorAll("details[open]").forEach(function (d) { open[d.dataset.uuid] = true; });
    box.textContent = "";
    if (list.length === 0) {
      var p = document.createElement("p"); p.className = "empty"; p.textContent = "no attack yet";
      box.appendChild(p);
      return;
    }
    list.forEach(function (a) {
      var d = a.attack_details || {};
      var det = document.createElement("details");
      det.className = "attack";
      det.dataset.uuid = d.attack_uuid;
      det.dataset.ip = a.ip;
      det.open = !!open[d.attack_uuid];
      var sum = document.createElement("summary");
      var ip = document.createElement("span"); ip.className = "ip"; ip.textContent = a.ip;
      sum.appendChild(ip);
      sum.appendChild(document.createTextNode(" " + time(d.detected_at) + " · " + (d.manual ? "manual ban" :
        d.attack_direction + " " + d.attack_type + " " + d.attack_protocol + " · " +
        si(d.initial_attack_power) + " pps, peak " + si(d.peak_attack_power) + " pps") + " · "));
      var state = document.createElement("span");
      state.className = d.unbanned_at ? "over" : "ip";
      state.textContent = d.unbanned_at ? "unbanned " + time(d.unbanned_at) : "banned";
      sum.appendChild(state);
      var records = a.packet_dump_detailed || [];
      sum.appendChild(document.createTextNode(" · " + (a.records_total == null ? "records pending" :
        a.records_total + " sampled records")));
      det.appendChild(sum);
      var dl = document.createElement("dl");
      DETAIL_KEYS.forEach(function (k) {
        if (d[k] === undefined || d[k] === null) { return; }
        var div = document.createElement("div");
        var dt = document.createElement("dt"); dt.textContent = k;
        var dd = document.createElement("dd"); dd.textContent = String(d[k]);
        div.appendChild(dt); div.appendChild(dd); dl.appendChild(div);
      });
      det.appendChild(dl);
      if (records.length > 0) {
        var t = document.createElement("table");
        t.className = "records";
        var head = document.createElement("tr");
        RECORD_KEYS.forEach(function (k) { var th = document.createElement("th"); th.textContent = k; head.appendChild(th); });
        var thead = document.createElement("thead"); thead.appendChild(head); t.appendChild(thead);
        var tb = document.createElement("tbody");
        records.forEach(function (r) {
          var tr = document.createElement("tr");
          RECORD_KEYS.forEach(function (k) { cell(tr, r[k] === undefined ? "" : String(r[k])); });
          tb.appendChild(tr);
        });
        t.appendChild(tb);
        det.appendChild(t);
      }
      box.appendChild(det);
    });
  }

  function onTick(msg) {
    if (data) { addRow(msg.row); redraw(); }
    $("tick").textContent = String(msg.tick);
    $("clock").textContent = new Date(msg.row[0]).toLocaleTimeString([], { hour12: false });
    $("total-in").textContent = si(msg.row[columns.indexOf("in_pps_total")]) + " pps " +
      si(msg.row[columns.indexOf("in_bps_total")], "b") + "/s";
    $("total-out").textContent = si(msg.row[columns.indexOf("out_pps_total")]) + " pps " +
      si(msg.row[columns.indexOf("out_bps_total")], "b") + "/s";
    hosts("top-in", msg.top_in);
    hosts("top-out", msg.top_out);
    networks(msg.networks);
    bans(msg.bans);
  }

  // ---- unban --------------------------------------------------------------------------------------------------
  function unban(ip) {
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) { askToken(ip, ""); return; }
    send(ip, token);
  }

  function askToken(ip, error) {
    pendingUnban = ip;
    $("token-ip").textContent = ip;
    $("token-error").textContent = error;
    $("token-input").value = "";
    $("token-dialog").showModal();
    $("token-input").focus();
  }

  function send(ip, token) {
    fetch("/dashboard/unban?ip=" + encodeURIComponent(ip), {
      method: "POST", headers: { "Authorization": "Bearer " + token }
    }).then(function (r) {
      return r.json().then(function (body) {
        if (r.status === 401) {
          sessionStorage.removeItem(TOKEN_KEY);
          askToken(ip, body.error || "wrong token");
        } else if (!r.ok && r.status !== 404) {
          alert("unban " + ip + ": " + (body.error || r.status));
        }
      });
    }).catch(function (e) { alert("unban " + ip + ": " + e); });
  }

  $("token-form").addEventListener("submit", function (e) {
    var button = e.submitter ? e.submitter.value : "ok";
    if (button !== "ok" || !pendingUnban) { return; }
    var token = $("token-input").value.trim();
    if (!token) { e.preventDefault(); return; }
    sessionStorage.setItem(TOKEN_KEY, token);
    send(pendingUnban, token);
    pendingUnban = null;
  });

  // ---- the stream ---------------------------------------------------------------------------------------------
  function connect() {
    var source = new EventSource("/api/v1/stream");
    source.onopen = function () { $("status").className = "status up"; $("status").textContent = "live"; };
    source.onerror = function () { $("status").className = "status down"; $("status").textContent = "reconnecting"; };
    source.addEventListener("history", function (e) { onHistory(JSON.parse(e.data)); });
    source.addEventListener("tick", function (e) { onTick(JSON.parse(e.data)); });
    source.addEventListener("bans", function (e) { bans(JSON.parse(e.data)); });
    source.addEventListener("attacks", function (e) { attacks(JSON.parse(e.data)); });
  }

  window.addEventListener("resize", resize);
  hosts("top-in", []);
  hosts("top-out", []);
  bans([]);
  connect();
})();

/**
 * Preloaded into a provider host (NODE_OPTIONS="--require <this file>") by tests that must show that no
 * network attempt happened: appends one JSON line per outbound connection and per DNS lookup to the file
 * named by NETWORK_PROBE_FILE. It only watches; every call goes on unchanged.
 */
"use strict";
const fs = require("fs");
const net = require("net");
const dns = require("dns");

const file = process.env.NETWORK_PROBE_FILE;
const note = (entry) => fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect() hands over its normalized arguments as one array: [options, callback].
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === "object" && first !== null ? first : { port: first, host: args[1] };
  note({
    connect: { host: options.host, port: options.port === undefined ? undefined : Number(options.port), path: options.path || undefined },
  });
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  note({ lookup: hostname });
  return lookup.call(this, hostname, ...rest);
};

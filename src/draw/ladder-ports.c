/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ports.c: names for the ports a networking course meets.
 *
 * A short fixed table (IANA service names) rather than getservbyport(),
 * so pictures do not change with the machine's /etc/services.
 */
#include "ladder-diagram-private.h"

static const struct
{
  guint16 port;
  guint8  proto;    /* 0: TCP and UDP */
  const char *name;
} ports[] = {
  { 7, 0, "echo" }, { 9, 0, "discard" }, { 13, 0, "daytime" }, { 19, 0, "chargen" },
  { 20, 6, "ftp-data" }, { 21, 6, "ftp" }, { 22, 6, "ssh" }, { 23, 6, "telnet" },
  { 25, 6, "smtp" }, { 37, 0, "time" }, { 53, 0, "domain" }, { 67, 17, "bootps" },
  { 68, 17, "bootpc" }, { 69, 17, "tftp" }, { 79, 6, "finger" }, { 80, 6, "http" },
  { 110, 6, "pop3" }, { 119, 6, "nntp" }, { 123, 17, "ntp" }, { 143, 6, "imap" },
  { 161, 17, "snmp" }, { 179, 6, "bgp" }, { 389, 6, "ldap" }, { 443, 0, "https" },
  { 514, 17, "syslog" }, { 587, 6, "submission" }, { 631, 6, "ipp" }, { 853, 6, "domain-s" },
  { 993, 6, "imaps" }, { 995, 6, "pop3s" }, { 1883, 6, "mqtt" }, { 3306, 6, "mysql" },
  { 5353, 17, "mdns" }, { 5432, 6, "postgresql" }, { 6379, 6, "redis" }, { 8080, 6, "http-alt" },
};

const char *
ladder_port_name (guint16 port, guint8 proto)
{
  for (guint i = 0; i < G_N_ELEMENTS (ports); i++)
    if (ports[i].port == port && (ports[i].proto == 0 || ports[i].proto == proto))
      return ports[i].name;
  return NULL;
}

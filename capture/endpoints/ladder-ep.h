/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-ep.h: what the endpoint programs share.
 *
 * The endpoints are the course's socket programs, written in plain C the
 * way the course shows them, so this header keeps only the chores that
 * would distract from the socket calls: turning "10.0.4.2" "7000" into a
 * sockaddr, printing one back, and stopping cleanly on a signal or a
 * deadline.  The argv contract of every role is in README.md.
 */
#pragma once

#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>

/* Exit statuses (README.md). */
#define EP_OK        0  /* the role did what it is for */
#define EP_NO_ANSWER 1  /* the expected answer did not come */
#define EP_ERROR     2  /* usage error, or a socket call failed */

#define EP_ADDRSTRLEN 64  /* "[ffff:...:ffff]:65535" and a NUL */

/* Set (to the signal's number) by SIGTERM, SIGINT and SIGALRM (the
 * lifetime): blocking calls return EINTR and the program's loop ends. */
extern volatile sig_atomic_t ep_stop;

/* The options the roles share (README.md); each role accepts a subset. */
typedef struct
{
  int          max_clients;  /* -n: servers stop after this many (0: no limit) */
  unsigned int lifetime;     /* -l: seconds (servers, raw-icmp) */
  double       wait;         /* -w: seconds to wait for each answer */
  int          udp;          /* -u */
  const char  *mode;         /* -m: "abort" or "unread"; "" when not given */
  int          delay_ms;     /* -d */
  int          stay_ms;      /* -s */
  int          count;        /* -c */
} EpOptions;

/* getopt() over OPTSTRING (a subset of "n:l:w:um:d:s:c:").  Returns the
 * index of the first operand, or -1 after a bad option. */
int ep_parse_options (int argc, char **argv, const char *optstring, EpOptions *opts);

/* A server's exit status: EP_NO_ANSWER when the lifetime ran out before
 * -n clients were served, else EP_OK. */
int ep_server_status (const EpOptions *opts, int served);

/* Every role has this signature; argv[0] is the role's name. */
typedef int (*EpMain) (int argc, char **argv);

int tcp_echo_server_main (int argc, char **argv);
int tcp_echo_client_main (int argc, char **argv);
int tcp_bulk_server_main (int argc, char **argv);
int tcp_bulk_client_main (int argc, char **argv);
int udp_timestamp_server_main (int argc, char **argv);
int udp_timestamp_client_main (int argc, char **argv);
int select_chat_server_main (int argc, char **argv);
int select_chat_client_main (int argc, char **argv);
int byte_commands_server_main (int argc, char **argv);
int byte_commands_client_main (int argc, char **argv);
int ping_main (int argc, char **argv);
int traceroute_main (int argc, char **argv);
int refused_client_main (int argc, char **argv);
int reset_server_main (int argc, char **argv);
int reset_client_main (int argc, char **argv);
int raw_icmp_main (int argc, char **argv);

/* Fills ADDR from a numeric IPv4 or IPv6 literal and a decimal port
 * (PORT may be NULL: port 0).  Returns 0, or -1 after printing why. */
int  ep_parse_address (const char *host, const char *port,
                       struct sockaddr_storage *addr, socklen_t *addr_len);
/* "10.0.1.2:40312" or "[fd00::2]:40312"; with port 0, the address alone. */
const char *ep_address_string (const struct sockaddr *addr, char buf[EP_ADDRSTRLEN]);
const char *ep_host_string (const struct sockaddr *addr, char buf[EP_ADDRSTRLEN]);

/* Parses a positive number for option OPT; exits with usage on nonsense. */
double ep_parse_number (const char *text, char opt, double min, double max);

/* SIGTERM/SIGINT/SIGALRM set ep_stop (no SA_RESTART, so blocking calls
 * return EINTR); SIGPIPE is ignored so a reset shows as EPIPE.  The alarm
 * fires after SECONDS: nothing runs forever. */
void ep_handle_signals (unsigned int lifetime_seconds);

/* SO_RCVTIMEO and SO_SNDTIMEO (connect() obeys the latter): the course's
 * settimeout().  Returns setsockopt's result. */
int  ep_set_timeout (int sock, double seconds);

/* socket, setsockopt(SO_REUSEADDR), bind and (SOCK_STREAM) listen(5):
 * a server's socket, or -1 after perror. */
int  ep_open_server (const struct sockaddr_storage *addr, socklen_t addr_len, int type);

/* What every server does before its loop: options (OPTSTRING, USAGE for
 * errors), ADDR PORT, signals and lifetime, ep_open_server (SOCK_DGRAM
 * with -u), then "ready".  Returns the socket, or -1 after saying why. */
int  ep_start_server (int argc, char **argv, const char *optstring, const char *usage,
                      EpOptions *opts);

/* A client's socket: socket, the -w timeouts (the course's settimeout)
 * and, with CONNECT, connect.  Returns it, or -1 after perror. */
int  ep_open_client (const struct sockaddr_storage *server_addr, socklen_t addr_len,
                     int type, double wait, int connect_it);

/* Servers say they are ready on stdout, once, so a runner can start clients. */
void ep_ready (void);

/* Prints "usage: wireladder-endpoint ROLE USAGE" on stderr, returns EP_ERROR. */
int  ep_usage (const char *role, const char *usage);

/* How many of the N bytes at TEXT come before the first '\r' or '\n':
 * for printing a received message as one line. */
int  ep_line_length (const char *text, size_t n);

/* MS milliseconds as select()'s timeout, rounded up to a whole
 * microsecond so that a wait never ends early and then spins. */
struct timeval ep_timeval_from_ms (double ms);

/* Milliseconds between two CLOCK_MONOTONIC readings. */
double ep_elapsed_ms (const struct timespec *from, const struct timespec *to);

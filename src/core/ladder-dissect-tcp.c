/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ladder-dissect-tcp.c: Transmission Control Protocol, RFC 9293.  Options: MSS
 * (RFC 9293), window scale and timestamps (RFC 7323), SACK (RFC 2018), Fast
 * Open (RFC 7413), MPTCP (RFC 8684), experimental option IDs (RFC 6994).
 * Flags: ECE/CWR (RFC 3168) and AE, formerly NS (RFC 3540, RFC 9768).
 *
 * The data offset must be at least 5 and lie within both the capture and
 * the IP payload.  The option walk stops at EOL, at a length of 0 or 1 and
 * at an option running past the header; it is capped at 40 steps (one
 * byte at least per step, 40 option bytes at most).
 */
#include "ladder-dissect-private.h"

#define TCP_MIN_HEADER 20

static const char *const doff_problems[5] = {
  "TCP header length 0 < 20",
  "TCP header length 4 < 20",
  "TCP header length 8 < 20",
  "TCP header length 12 < 20",
  "TCP header length 16 < 20",
};

const char *
ladder_tcp_option_name (guint8 kind)
{
  switch (kind)
    {
    case 0: return "eol";
    case 1: return "nop";
    case 2: return "mss";
    case 3: return "wscale";
    case 4: return "sackOK";
    case 5: return "sack";
    case 6: return "echo";
    case 7: return "echoreply";
    case 8: return "TS";
    case 11: return "cc";
    case 12: return "ccnew";
    case 13: return "ccecho";
    case 19: return "md5";
    case 27: return "qs";
    case 28: return "uto";
    case 29: return "tcp-ao";
    case 30: return "mptcp";
    case 34: return "tfo";
    case 253:
    case 254: return "exp";
    default: return NULL;
    }
}

static const char *
mptcp_subtype_name (guint8 subtype)
{
  static const char *const names[] = {
    "capable", "join", "dss", "add-addr", "remove-addr", "prio", "fail", "fast-close", "tcprst",
  };
  return subtype < G_N_ELEMENTS (names) ? names[subtype] : "unknown";
}

static gboolean
option_sack (LadderPacket *pkt, LadderTree *tree, const LadderCursor *b, guint8 len)
{
  if (len < 10 || (len - 2) % 8 != 0)
    return FALSE;
  pkt->tcp_opts |= LADDER_TCPOPT_SACK;
  pkt->n_sack = 0;
  for (guint i = 0; i + 8 <= (guint) len - 2; i += 8)
    {
      guint32 left = 0, right = 0;

      ladder_cursor_peek_be32 (b, i, &left);
      ladder_cursor_peek_be32 (b, i + 4, &right);
      if (pkt->n_sack < LADDER_MAX_SACK)
        {
          pkt->sack[pkt->n_sack][0] = left;
          pkt->sack[pkt->n_sack][1] = right;
          pkt->n_sack++;
        }
      LADDER_TREE_ADD (tree, (guint32) (b->off + i), 8, "Block: %u-%u", left, right);
    }
  return TRUE;
}

/* The options the analysers use; B covers the option's body (LEN - 2 bytes). */
static gboolean
option_common (LadderPacket *pkt, LadderTree *tree, const LadderCursor *b, guint8 kind,
               guint8 len)
{
  switch (kind)
    {
    case 2:
      if (len != 4)
        return FALSE;
      ladder_cursor_peek_be16 (b, 0, &pkt->mss);
      pkt->tcp_opts |= LADDER_TCPOPT_MSS;
      LADDER_TREE_ADD (tree, (guint32) b->off, 2, "MSS: %u bytes", pkt->mss);
      return TRUE;
    case 3:
      if (len != 3)
        return FALSE;
      ladder_cursor_peek_u8 (b, 0, &pkt->wscale);
      pkt->tcp_opts |= LADDER_TCPOPT_WSCALE;
      LADDER_TREE_ADD (tree, (guint32) b->off, 1, "Shift count: %u (multiply by %u)%s",
                       pkt->wscale, 1u << MIN (pkt->wscale, 14),
                       pkt->wscale > 14 ? ", above 14: taken as 14" : "");
      return TRUE;
    case 4:
      if (len != 2)
        return FALSE;
      pkt->tcp_opts |= LADDER_TCPOPT_SACK_PERM;
      return TRUE;
    case 5:
      return option_sack (pkt, tree, b, len);
    case 8:
      if (len != 10)
        return FALSE;
      ladder_cursor_peek_be32 (b, 0, &pkt->ts_val);
      ladder_cursor_peek_be32 (b, 4, &pkt->ts_ecr);
      pkt->tcp_opts |= LADDER_TCPOPT_TIMESTAMP;
      LADDER_TREE_ADD (tree, (guint32) b->off, 4, "Timestamp value: %u", pkt->ts_val);
      LADDER_TREE_ADD (tree, (guint32) b->off + 4, 4, "Timestamp echo reply: %u", pkt->ts_ecr);
      return TRUE;
    default:
      return TRUE;
    }
}

static gboolean
option_other (LadderPacket *pkt, LadderTree *tree, const LadderCursor *b, guint8 kind,
              guint8 len)
{
  guint16 exid = 0;
  guint8 first = 0;

  switch (kind)
    {
    case 34:
      pkt->tcp_opts |= LADDER_TCPOPT_FASTOPEN;
      pkt->tfo_cookie_len = len - 2;
      LADDER_TREE_ADD (tree, (guint32) b->off, len - 2u, "Cookie: %u bytes%s", len - 2u,
                       len == 2 ? " (cookie request)" : "");
      return TRUE;
    case 30:
      if (len < 3)
        return FALSE;
      ladder_cursor_peek_u8 (b, 0, &first);
      pkt->tcp_opts |= LADDER_TCPOPT_MPTCP;
      pkt->mptcp_subtype = first >> 4;
      LADDER_TREE_ADD (tree, (guint32) b->off, 1, "Subtype: %s (%u)",
                       mptcp_subtype_name (first >> 4), first >> 4);
      return TRUE;
    case 253:
    case 254:
      if (len < 4)
        return FALSE;
      ladder_cursor_peek_be16 (b, 0, &exid);
      pkt->tcp_exp_id = exid;
      if (exid == 0xf989)
        {
          pkt->tcp_opts |= LADDER_TCPOPT_FASTOPEN;
          pkt->tfo_cookie_len = len - 4;
        }
      else
        pkt->tcp_opts |= LADDER_TCPOPT_OTHER;
      LADDER_TREE_ADD (tree, (guint32) b->off, 2, "Experiment ID: 0x%04x%s", exid,
                       exid == 0xf989 ? " (TCP Fast Open)" : "");
      return TRUE;
    default:
      pkt->tcp_opts |= LADDER_TCPOPT_OTHER;
      return TRUE;
    }
}

static const char *
option_title (guint8 kind)
{
  switch (kind)
    {
    case 2: return "Maximum segment size";
    case 3: return "Window scale";
    case 4: return "SACK permitted";
    case 5: return "SACK";
    case 8: return "Timestamps";
    case 19: return "MD5 signature";
    case 28: return "User timeout";
    case 29: return "TCP Authentication Option";
    case 30: return "Multipath TCP";
    case 34: return "TCP Fast Open";
    case 253:
    case 254: return "Experimental";
    default: return "Unknown option";
    }
}

static void
dissect_option (LadderDissect *d, const LadderCursor *o, gsize opt_off, guint8 kind, guint8 len)
{
  LadderTree *tree = d->tree;
  LadderCursor b = *o;
  gboolean ok;

  ladder_cursor_narrow (&b, len - 2u);
  LADDER_TREE_PUSH_GROUP (tree, (guint32) opt_off, len, "%s (%u), length %u",
                          option_title (kind), kind, len);
  if (kind <= 8)
    ok = option_common (d->pkt, tree, &b, kind, len);
  else
    ok = option_other (d->pkt, tree, &b, kind, len);
  if (!ok)
    ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off, len,
                            "TCP option has a bad length");
  LADDER_TREE_POP (tree);
}

/* NOP, NOP, Timestamps (RFC 7323 appendix A's layout): what nearly every
 * segment of a Linux connection carries after the handshake.  Decoded
 * straight from the span when no tree is wanted; same result as the walk. */
static gboolean
options_nop_nop_ts (LadderPacket *pkt, const LadderCursor *o)
{
  const guint8 *p;

  if (ladder_cursor_remaining (o) != 12 || (p = ladder_cursor_ptr (o, 12)) == NULL
      || p[0] != 1 || p[1] != 1 || p[2] != 8 || p[3] != 10)
    return FALSE;
  pkt->tcp_optlist[0] = 1;
  pkt->tcp_optlist[1] = 1;
  pkt->tcp_optlist[2] = 8;
  pkt->n_tcp_optlist = 3;
  pkt->ts_val = ladder_span_be32 (p + 4);
  pkt->ts_ecr = ladder_span_be32 (p + 8);
  pkt->tcp_opts |= LADDER_TCPOPT_TIMESTAMP;
  return TRUE;
}

/* Walks the options in O.  Locals, not *O and pkt->n_tcp_optlist, carry the
 * loop: every byte stored into the packet could otherwise alias them. */
static void
dissect_options (LadderDissect *d, const LadderCursor *o)
{
  LadderPacket *pkt = d->pkt;
  LadderTree *tree = d->tree;
  LadderCursor oc = *o;
  const char *problem = NULL;
  guint8 kind = 0, len = 0, count = 0;
  gsize opt_off = oc.off;

  if (tree == NULL && options_nop_nop_ts (pkt, o))
    return;
  LADDER_TREE_PUSH_GROUP (tree, (guint32) oc.off, (guint32) ladder_cursor_remaining (&oc),
                          "Options: (%" G_GSIZE_FORMAT " bytes)", ladder_cursor_remaining (&oc));
  while (count < LADDER_MAX_TCP_OPTS && ladder_cursor_u8 (&oc, &kind))
    {
      opt_off = oc.off - 1;
      pkt->tcp_optlist[count++] = kind;
      if (kind <= 1)
        {
          LADDER_TREE_ADD (tree, (guint32) opt_off, 1, "%s",
                           kind == 0 ? "End of Option List (EOL)" : "No-Operation (NOP)");
          if (kind == 0)
            break;
          continue;
        }
      if (!ladder_cursor_u8 (&oc, &len))
        problem = "TCP option length missing";
      else if (len < 2)
        problem = "TCP option length < 2";
      else if (!ladder_cursor_has (&oc, len - 2u))
        problem = "TCP option runs past the header";
      if (problem != NULL)
        break;
      dissect_option (d, &oc, opt_off, kind, len);
      ladder_cursor_skip (&oc, len - 2u);
    }
  pkt->n_tcp_optlist = count;
  if (problem != NULL)
    ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, opt_off, oc.end - opt_off, problem);
  LADDER_TREE_POP (tree);
}

static void
flags_text (guint16 flags, guint16 reserved, char *buf, gsize size)
{
  static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };
  gsize n = 0;

  buf[0] = '\0';
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (flags & (1u << i))
      n += g_snprintf (buf + n, size - MIN (n, size), "%s%s", n ? ", " : "", names[i]);
  if (reserved)
    g_snprintf (buf + MIN (n, size), size - MIN (n, size), "%sReserved 0x%x", n ? ", " : "",
                reserved);
}

static void
describe_header (LadderDissect *d, gsize off, guint8 doff_byte, guint16 cksum, guint16 reserved)
{
  const LadderPacket *pkt = d->pkt;
  char flags[96];
  char ack[24] = "";
  guint32 len = pkt->l4_len > pkt->tcp_hdr_len ? pkt->l4_len - pkt->tcp_hdr_len : 0;

  flags_text (pkt->tcp_flags, reserved, flags, sizeof flags);
  if (pkt->tcp_flags & LADDER_TCP_ACK)
    g_snprintf (ack, sizeof ack, ", Ack: %u", pkt->ack);
  ladder_tree_push (d->tree, (guint32) off, MAX (pkt->tcp_hdr_len, TCP_MIN_HEADER),
                    "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Seq: %u%s, Len: %u",
                    pkt->sport, pkt->dport, pkt->seq, ack, len);
  ladder_tree_add (d->tree, (guint32) off, 2, "Source Port: %u", pkt->sport);
  ladder_tree_add (d->tree, (guint32) off + 2, 2, "Destination Port: %u", pkt->dport);
  ladder_tree_add (d->tree, (guint32) off + 4, 4, "Sequence Number: %u", pkt->seq);
  ladder_tree_add (d->tree, (guint32) off + 8, 4, "Acknowledgment Number: %u", pkt->ack);
  ladder_tree_add (d->tree, (guint32) off + 12, 1, "Header Length: %u bytes (%u)",
                   pkt->tcp_hdr_len, doff_byte >> 4);
  ladder_tree_add (d->tree, (guint32) off + 12, 2, "Flags: 0x%03x (%s)", pkt->tcp_flags, flags);
  ladder_tree_add (d->tree, (guint32) off + 14, 2, "Window: %u", pkt->window);
  ladder_tree_add (d->tree, (guint32) off + 16, 2, "Checksum: 0x%04x", cksum);
  ladder_tree_add (d->tree, (guint32) off + 18, 2, "Urgent Pointer: %u", pkt->tcp_urgent);
}

LadderStatus
ladder_dissect_tcp (LadderDissect *d, LadderCursor *c)
{
  LadderPacket *pkt = d->pkt;
  const guint8 *h = ladder_cursor_ptr (c, TCP_MIN_HEADER);
  LadderCursor opts;
  gsize off = c->off;
  guint16 offflags;
  guint doff;

  if (h == NULL)
    return ladder_dissect_short (d, c, TCP_MIN_HEADER, "TCP header truncated",
                                 "TCP header runs past the IP payload");
  pkt->sport = ladder_span_be16 (h);
  pkt->dport = ladder_span_be16 (h + 2);
  pkt->seq = ladder_span_be32 (h + 4);
  pkt->ack = ladder_span_be32 (h + 8);
  offflags = ladder_span_be16 (h + 12);
  pkt->window = ladder_span_be16 (h + 14);
  pkt->tcp_urgent = ladder_span_be16 (h + 18);
  doff = (offflags >> 12) * 4u;
  pkt->tcp_flags = offflags & 0x01ff;
  pkt->tcp_hdr_len = (guint8) doff;
  if (d->tree != NULL)
    describe_header (d, off, (guint8) (offflags >> 8), ladder_span_be16 (h + 16),
                     (offflags >> 9) & 0x7);

  if (doff < TCP_MIN_HEADER)
    {
      ladder_dissect_problem (d, LADDER_STATUS_MALFORMED, off + 12, 1, doff_problems[doff / 4]);
      LADDER_TREE_POP (d->tree);
      return LADDER_STATUS_MALFORMED;
    }
  if (!ladder_cursor_has (c, doff))
    {
      LadderStatus status = ladder_dissect_short (d, c, doff, "TCP options truncated",
                                                  "TCP header length exceeds the IP payload");
      LADDER_TREE_POP (d->tree);
      return status;
    }
  if (doff > TCP_MIN_HEADER)
    {
      opts = *c;
      ladder_cursor_skip (&opts, TCP_MIN_HEADER);
      ladder_cursor_narrow (&opts, doff - TCP_MIN_HEADER);
      dissect_options (d, &opts);
    }
  LADDER_TREE_POP (d->tree);
  pkt->layers |= LADDER_LAYER_TCP;
  ladder_cursor_skip (c, doff);
  ladder_dissect_payload (d, c, pkt->l4_len > doff ? pkt->l4_len - doff : 0);
  return pkt->status;
}

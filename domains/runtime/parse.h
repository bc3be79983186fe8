/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument decoding for the domain programs: PCI addresses (SBDF), numbers,
 * command-line splitting and errno names.
 *
 * Pure functions with no library dependency at all, so that the same file
 * is compiled freestanding into the domains and on the host for the unit
 * tests (tests/unit/test_mhvctl_args.c).  Every parser rejects trailing
 * garbage and reports failure as -MHV_EINVAL (or -MHV_ERANGE for a number
 * out of its range) without touching its output.
 */
#ifndef DOMAINS_PARSE_H
#define DOMAINS_PARSE_H

#include <stdint.h>
#include <stddef.h>
#include <public/errno.h>

/*
 * SBDF as the hypervisor's ABI packs it: seg << 16 | bus << 8 | dev << 3 | fn.
 *
 * Accepted text: "SSSS:BB:DD.F" or "BB:DD.F" (segment 0), all fields hex
 * (either case, no 0x prefix), segment 1-4 digits, bus 1-2, device 1-2
 * (at most 0x1f), function one digit 0-7.  So "0000:01:10.2", "01:10.2",
 * "1:10.2" and "0:1:10.2" all name the same function; "01:20.0" (device 32),
 * "01:10.8", "01:10", "0000:01:10.2x", "00000:01:10.2" and "" do not.
 */
#define SBDF_STR_LEN    13      /* "ssss:bb:dd.f" and the NUL */
#define SBDF_MAKE(s, b, d, f) \
    (((uint32_t)(s) << 16) | ((uint32_t)(b) << 8) | (((uint32_t)(d) & 0x1f) << 3) | ((uint32_t)(f) & 7))
#define SBDF_SEG(x)     ((unsigned int)((x) >> 16))
#define SBDF_BUS(x)     ((unsigned int)(((x) >> 8) & 0xff))
#define SBDF_DEVFN(x)   ((unsigned int)((x) & 0xff))
#define SBDF_DEV(x)     ((unsigned int)(((x) >> 3) & 0x1f))
#define SBDF_FN(x)      ((unsigned int)((x) & 7))

int parse_sbdf(const char *s, uint32_t *sbdf);
/* Writes "ssss:bb:dd.f" (lower-case hex) into @buf; returns @buf. */
char *sbdf_format(uint32_t sbdf, char buf[SBDF_STR_LEN]);

/*
 * Unsigned number: decimal, or hex with a 0x/0X prefix.  No sign, no
 * spaces, no empty string.  -MHV_ERANGE when the value exceeds @max (also
 * on 64-bit overflow); -MHV_EINVAL when it is not a number.
 */
int parse_uint(const char *s, uint64_t max, uint64_t *out);

/* An Ethernet address "xx:xx:xx:xx:xx:xx" (hex, either case): 0 or
 * -MHV_EINVAL. */
int parse_mac(const char *s, uint8_t mac[6]);

/*
 * Split @line in place into words separated by spaces or tabs; a word
 * starting with '#' ends the line (a comment).  A trailing CR/LF is
 * ignored.  Fills argv[0..argc-1] and returns argc (0 for a blank or
 * comment line), or -MHV_E2BIG when there are more than @max words.
 */
int split_args(char *line, char **argv, int max);

/*
 * errno names: errno_to_name(19) and errno_to_name(-19) are "ENODEV";
 * NULL for a number without a name.  errno_from_name("ENODEV") is 19, 0
 * for an unknown name.
 */
const char *errno_to_name(int err);
int errno_from_name(const char *name);

/*
 * The value of the word KEY=VALUE in a domain's command line (words
 * separated by spaces; the first such word counts): 1 with VALUE copied
 * into @buf (NUL-terminated), 0 when there is no such word, -MHV_E2BIG
 * when VALUE does not fit in @size bytes (nothing written).
 */
int parse_cmdline_value(const char *cmdline, const char *key, char *buf, size_t size);

/* Byte-string equality (the parsers' own strcmp, for the host as well). */
int str_eq(const char *a, const char *b);

#endif /* DOMAINS_PARSE_H */

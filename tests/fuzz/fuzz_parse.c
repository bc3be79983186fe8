/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fuzz target: the domains' argument decoders (domains/runtime/parse.c), which
 * turn console and script text into the numbers mhvctl passes to
 * hypercalls.
 *
 * Input: u8 max_words, u64 max (little-endian), then the text (any bytes;
 * a NUL inside ends the string as it would on the console).
 *
 * Properties, beyond "no crash, no sanitizer report":
 *  - parse_sbdf() accepts only what sbdf_format() can print back and parse
 *    to the same value, and sbdf_format() of any value parses back;
 *  - parse_uint() returns a value <= max, and decimal printing of it parses
 *    back to it;
 *  - split_args() returns at most max words, each inside the line, non-empty
 *    and without blanks, and never a comment word;
 *  - errno names round-trip;
 *  - parse_cmdline_value() finds a value that is a blank-free piece of the
 *    line right after "KEY=", fits its buffer, or writes nothing.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <runtime/parse.h>
#include "fuzz_host.h"

#define MAX_WORDS 64

static void check_sbdf(const char *s)
{
    char buf[SBDF_STR_LEN];
    uint32_t v = 0xdeadbeef, w = 0;

    if (parse_sbdf(s, &v)) {
        FUZZ_CHECK(v == 0xdeadbeef, "parse_sbdf wrote its output on failure");
        return;
    }
    sbdf_format(v, buf);
    FUZZ_CHECK(strlen(buf) == SBDF_STR_LEN - 1, "sbdf_format gave \"%s\"", buf);
    FUZZ_CHECK(!parse_sbdf(buf, &w) && w == v, "\"%s\" -> %#x -> \"%s\" -> %#x",
               s, v, buf, w);
}

static void check_uint(const char *s, uint64_t max)
{
    uint64_t v = 0x5a5a5a5a5a5a5a5aULL, w = 0;
    char buf[32];
    int rc = parse_uint(s, max, &v);

    if (rc) {
        FUZZ_CHECK(rc == -MHV_EINVAL || rc == -MHV_ERANGE, "parse_uint %d", rc);
        FUZZ_CHECK(v == 0x5a5a5a5a5a5a5a5aULL, "parse_uint wrote on failure");
        return;
    }
    FUZZ_CHECK(v <= max, "\"%s\" gave %llu above %llu", s,
               (unsigned long long)v, (unsigned long long)max);
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
    FUZZ_CHECK(!parse_uint(buf, max, &w) && w == v, "%s does not round-trip", buf);
    snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
    FUZZ_CHECK(!parse_uint(buf, max, &w) && w == v, "%s does not round-trip", buf);
}

static void check_split(char *line, size_t len, int max)
{
    char *argv[MAX_WORDS + 1];
    int argc, i;

    argv[max] = (char *)0x1;
    argc = split_args(line, argv, max);
    if (argc < 0) {
        FUZZ_CHECK(argc == -MHV_E2BIG, "split_args %d", argc);
        return;
    }
    FUZZ_CHECK(argc <= max, "%d words, max %d", argc, max);
    FUZZ_CHECK(argv[max] == (char *)0x1, "split_args wrote argv[max]");
    for (i = 0; i < argc; i++) {
        FUZZ_CHECK(argv[i] >= line && argv[i] < line + len, "word %d outside", i);
        FUZZ_CHECK(argv[i][0] && argv[i][0] != '#', "word %d empty or comment", i);
        FUZZ_CHECK(!strpbrk(argv[i], " \t\r\n"), "word %d has a blank", i);
    }
}

static void check_cmdline_value(const char *line, size_t size)
{
    char buf[16];
    const char *at;
    int rc;

    memset(buf, 0x5a, sizeof(buf));
    size = size % sizeof(buf) + 1;
    rc = parse_cmdline_value(line, "hotplug", buf, size);
    if (rc <= 0) {
        FUZZ_CHECK(rc == 0 || rc == -MHV_E2BIG, "parse_cmdline_value %d", rc);
        FUZZ_CHECK((unsigned char)buf[0] == 0x5a, "parse_cmdline_value wrote on %d", rc);
        return;
    }
    FUZZ_CHECK(rc == 1 && strlen(buf) < size, "value \"%s\" overflows %zu", buf, size);
    FUZZ_CHECK(!strchr(buf, ' '), "value \"%s\" has a blank", buf);
    at = strstr(line, "hotplug=");
    FUZZ_CHECK(at != NULL, "a value without \"hotplug=\" in the line");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = { data, size };
    int max_words = fuzz_u8(&in) % (MAX_WORDS + 1);
    uint64_t max = fuzz_u64(&in);
    char *s = malloc(in.left + 1);
    const char *name;
    int e;

    memcpy(s, in.p, in.left);
    s[in.left] = '\0';

    check_sbdf(s);
    check_uint(s, max);
    check_uint(s, UINT64_MAX);
    name = errno_to_name((int)max);
    if (name) {
        e = errno_from_name(name);
        FUZZ_CHECK(e == abs((int)max), "%s -> %d -> %d", name, (int)max, e);
    }
    e = errno_from_name(s);
    if (e)
        FUZZ_CHECK(!strcmp(errno_to_name(e), s), "name %s -> %d", s, e);
    str_eq(s, "lspci");
    check_cmdline_value(s, (size_t)max);
    check_split(s, in.left + 1, max_words);
    /* Every word of a line goes through the decoders, as mhvctl does. */
    {
        char *argv[MAX_WORDS];
        int argc = split_args(s, argv, MAX_WORDS), i;

        for (i = 0; i < argc; i++) {
            check_sbdf(argv[i]);
            check_uint(argv[i], max);
        }
    }
    check_sbdf(sbdf_format((uint32_t)max, (char[SBDF_STR_LEN]){ 0 }));
    free(s);
    return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the host fuzzers share (tests/fuzz/fuzz_host.c): the hypervisor's
 * runtime hooks for a libFuzzer process, and a cursor over the input.
 *
 * An ASSERT, BUG_ON or panic reached from fuzz input aborts the process, so
 * libFuzzer reports it as a crash with the input that caused it.  printk()
 * formats through the hypervisor's real vsnprintf() and discards the text
 * (set FUZZ_VERBOSE=1 in the environment to see it on stderr).
 */
#ifndef TESTS_FUZZ_HOST_H
#define TESTS_FUZZ_HOST_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Lines printk()ed since the last fuzz_log_reset(), and warnings among them. */
extern unsigned long fuzz_log_lines, fuzz_log_warnings;
void fuzz_log_reset(void);

/* Abort with a message when @cond is false: a property the target checks. */
#define FUZZ_CHECK(cond, ...)                                               \
    do {                                                                    \
        if (!(cond))                                                        \
            fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__);              \
    } while (0)
void fuzz_fail(const char *file, int line, const char *cond,
               const char *fmt, ...) __attribute__((noreturn, format(printf, 4, 5)));

/* A cursor over the fuzzer's input; reads past the end give zeroes. */
struct fuzz_in {
    const uint8_t *p;
    size_t left;
};
uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint64_t fuzz_u64(struct fuzz_in *in);
/* Up to @n bytes; returns how many were copied into @dst (rest untouched). */
size_t fuzz_bytes(struct fuzz_in *in, void *dst, size_t n);

#endif

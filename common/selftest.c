/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Built-in self-tests, run on demand: `selftest=NAME[,NAME...]`, or
 * `selftest=all` for every test that is safe to run (not the ones that
 * crash the machine on purpose).  Units register tests next to their code
 * with REGISTER_SELFTEST(); this file holds the generic ones.
 */
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/xmalloc.h>
#include <mhv/mm.h>
#include <mhv/sbdf.h>
#include <mhv/errno.h>

extern const struct selftest __selftest_start[], __selftest_end[];

static char opt_selftest[128];
string_param("selftest", opt_selftest);

bool selftests_requested(void)
{
    return opt_selftest[0] != '\0';
}

static bool name_in_list(const char *name, const char *list)
{
    size_t n = strlen(name);

    for (const char *p = list; *p; ) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);

        if (len == n && !strncmp(p, name, n))
            return true;
        p += len + (comma ? 1 : 0);
    }
    return false;
}

int run_selftests(void)
{
    bool all = name_in_list("all", opt_selftest);
    unsigned int passed = 0, failed = 0;
    const struct selftest *t;

    /* Every name given must exist. */
    for (const char *p = opt_selftest; *p; ) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        bool found = len == 3 && !strncmp(p, "all", 3);

        for (t = __selftest_start; t < __selftest_end && !found; t++)
            found = strlen(t->name) == len && !strncmp(p, t->name, len);
        if (!found) {
            printk(LOG_ERR "selftest: unknown test '%.*s'\n", (int)len, p);
            failed++;
        }
        p += len + (comma ? 1 : 0);
    }

    for (t = __selftest_start; t < __selftest_end; t++) {
        int rc;

        if (!(all && (t->flags & SELFTEST_IN_ALL)) &&
            !name_in_list(t->name, opt_selftest))
            continue;
        rc = t->fn();
        if (rc) {
            printk(LOG_ERR "selftest %s: FAILED (%d)\n", t->name, rc);
            failed++;
        } else {
            printk("selftest %s: ok\n", t->name);
            passed++;
        }
    }
    printk("selftests: %u passed, %u failed\n", passed, failed);
    return failed;
}

/* ---- generic tests ---- */

static int selftest_boot(void)
{
    return 0;   /* reaching here means the boot path worked */
}
REGISTER_SELFTEST("boot", selftest_boot, SELFTEST_IN_ALL);

/* Trips an assertion on purpose: the report must name this function. */
static int __noinline selftest_assert(void)
{
#ifdef CONFIG_DEBUG
    volatile int zero = 0;

    ASSERT(zero == 1);
    return -EINVAL;     /* not reached */
#else
    printk("selftest assert: release build, ASSERT() is compiled out\n");
    return 0;
#endif
}
REGISTER_SELFTEST("assert", selftest_assert, 0);

/* Touches an address nothing maps: the page-fault report must follow. */
static int __noinline selftest_pagefault(void)
{
    volatile u32 *p = (volatile u32 *)0xffffc07ffffff000UL;

    return *p == 0 ? -EFAULT : -EFAULT;
}
REGISTER_SELFTEST("pagefault", selftest_pagefault, 0);

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            printk(LOG_ERR "selftest: check '%s' failed at %s:%d\n",        \
                   #cond, __FILE__, __LINE__);                              \
            return -EINVAL;                                                 \
        }                                                                   \
    } while (0)

static int selftest_printf(void)
{
    char buf[64];
    pci_sbdf_t sbdf = PCI_SBDF4(0, 1, 0x10, 2);

    snprintf(buf, sizeof(buf), "%d %u %x %5s|%-3d|%03d", -5, 7u, 0xbeef, "ab", 4, 9);
    CHECK(!strcmp(buf, "-5 7 beef    ab|4  |009"));
    snprintf(buf, sizeof(buf), "%pp", &sbdf);
    CHECK(!strcmp(buf, "0000:01:10.2"));
    snprintf(buf, sizeof(buf), "%#lx %lu", 0xffffffff80000000UL, 18446744073709551615UL);
    CHECK(!strcmp(buf, "0xffffffff80000000 18446744073709551615"));
    CHECK(snprintf(buf, 4, "abcdef") == 6 && !strcmp(buf, "abc"));
    snprintf(buf, sizeof(buf), "%pS", (void *)selftest_printf);
    CHECK(!strncmp(buf, "selftest_printf+0/", 18));
    return 0;
}
REGISTER_SELFTEST("printf", selftest_printf, SELFTEST_IN_ALL);

static int selftest_heap(void)
{
    struct heap_stats before, after;
    void *p[64];

    heap_stats(&before);
    for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
        p[i] = xmalloc_bytes(1 + i * 97);   /* every class, and pages */
        CHECK(p[i] && !((unsigned long)p[i] & 15));
        memset(p[i], 0x5a, 1 + i * 97);
    }
    for (unsigned int i = 0; i < ARRAY_SIZE(p); i += 2)
        xfree(p[i]);
    for (unsigned int i = 1; i < ARRAY_SIZE(p); i += 2)
        xfree(p[i]);
    heap_stats(&after);
    CHECK(after.live_objects == before.live_objects);
    CHECK(after.live_bytes == before.live_bytes);
    p[0] = xzalloc_bytes(10000);
    CHECK(p[0] && ((u8 *)p[0])[9999] == 0);
    xfree(p[0]);
    CHECK(xmalloc_bytes(1UL << 40) == NULL);
    return 0;
}
REGISTER_SELFTEST("heap", selftest_heap, SELFTEST_IN_ALL);

static int selftest_pages(void)
{
    struct page_stats before, after;
    paddr_t a, b;

    page_alloc_stats(&before);
    a = alloc_pages(0);
    b = alloc_pages(3);
    CHECK(a && b && !(b & ((PAGE_SIZE << 3) - 1)) && a != b);
    free_pages(a, 0);
    free_pages(b, 3);
    page_alloc_stats(&after);
    CHECK(after.free_pages == before.free_pages);
    return 0;
}
REGISTER_SELFTEST("pages", selftest_pages, SELFTEST_IN_ALL);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Lookup cost of the passthrough registry at 16, 1024 and 65536 registered
 * devices: pci_get_pdev(NULL, ..) under the pcidevs lock and
 * pci_get_pdev(d, ..) under d->pci_lock (both through the SBDF index),
 * against the Xen-style walk of the list of all devices
 * (pci_registry_list_walk_lookup()).
 *
 * A host program built from the real registry sources (optimised, no
 * sanitizers; tests/unit/registry.mk), not a unit test: wall time is only
 * indicative.  For instruction counts run it under callgrind with
 * collection off at start -- only the lookup loops are collected:
 *
 *   valgrind --tool=callgrind --collect-atstart=no \
 *       build/host/bench_registry --n 65536 --mode index --lookups 100000
 *   callgrind_annotate callgrind.out.<pid>
 *
 * Devices live on a synthetic segment that this program answers itself
 * (vendor 1b36, no capabilities): config space is touched while
 * registering, never while looking up.
 *
 * Usage: bench_registry [--n N] [--mode index|domain|list|all]
 *                       [--lookups M]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mhv/types.h>
#include <mhv/errno.h>
#include <mhv/pci.h>
#include <mhv/domain.h>
#include <mhv/pcidev.h>
#include <mhv/xmalloc.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_TOGGLE_COLLECT
#endif

#define BENCH_SEG   0x7e57u

/* ------------------------------------------------------------ environment */

struct domain *control_domain;
static struct domain dom0;

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size) {
        size_t n = len < size - 1 ? len : size - 1;

        memcpy(dst, src, n);
        dst[n] = '\0';
    }
    return len;
}

/* Every function of BENCH_SEG answers: a plain device, no capabilities. */
static u32 conf_read(pci_sbdf_t sbdf, unsigned int reg)
{
    if (sbdf.seg != BENCH_SEG)
        return ~0U;
    switch (reg & ~3U) {
    case PCI_VENDOR_ID:      return 0x0005u << 16 | 0x1b36u;
    case PCI_CLASS_REVISION: return 0xff000000u;
    default:                 return 0;
    }
}

u32 pci_conf_read32(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg);
}

u16 pci_conf_read16(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg) >> (8 * (reg & 2));
}

u8 pci_conf_read8(pci_sbdf_t sbdf, unsigned int reg)
{
    return conf_read(sbdf, reg) >> (8 * (reg & 3));
}

void pci_conf_write8(pci_sbdf_t sbdf, unsigned int reg, u8 val) { }
void pci_conf_write16(pci_sbdf_t sbdf, unsigned int reg, u16 val) { }
void pci_conf_write32(pci_sbdf_t sbdf, unsigned int reg, u32 val) { }

/* ------------------------------------------------------------ benchmark */

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static u32 lcg(u32 *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 8;
}

/* N devices spread evenly over the segment's 65536 functions. */
static pci_sbdf_t dev_sbdf(unsigned int i, unsigned int n)
{
    return (pci_sbdf_t){ .sbdf = BENCH_SEG << 16 | (i * (65536 / n)) };
}

static volatile uintptr_t sink;

enum mode { M_INDEX = 1, M_DOMAIN = 2, M_LIST = 4 };

static double run(enum mode m, const pci_sbdf_t *keys, unsigned int nr)
{
    uintptr_t acc = 0;
    double t0, t1;
    unsigned int i;

    if (m == M_INDEX || m == M_LIST)
        pcidevs_lock();
    else
        read_lock(&dom0.pci_lock);

    t0 = now_ns();
    CALLGRIND_TOGGLE_COLLECT;
    for (i = 0; i < nr; i++) {
        struct pci_dev *p =
            m == M_INDEX ? pci_get_pdev(NULL, keys[i]) :
            m == M_DOMAIN ? pci_get_pdev(&dom0, keys[i]) :
            pci_registry_list_walk_lookup(keys[i]);

        acc ^= (uintptr_t)p;
        if (!p) {
            fprintf(stderr, "lookup %#x failed\n", keys[i].sbdf);
            exit(1);
        }
    }
    CALLGRIND_TOGGLE_COLLECT;
    t1 = now_ns();

    if (m == M_INDEX || m == M_LIST)
        pcidevs_unlock();
    else
        read_unlock(&dom0.pci_lock);
    sink = acc;
    return (t1 - t0) / nr;
}

static void bench(unsigned int n, unsigned int modes, unsigned int lookups)
{
    struct pci_registry_stats st;
    struct heap_stats h0, h1;
    pci_sbdf_t *keys;
    unsigned int i, list_lookups;
    u32 seed = 12345;
    double t_index = 0, t_domain = 0, t_list = 0;

    heap_stats(&h0);
    for (i = 0; i < n; i++) {
        pci_sbdf_t s = dev_sbdf(i, n);

        if (pci_add_device(s.seg, s.bus, s.devfn, NULL)) {
            fprintf(stderr, "add %#x failed\n", s.sbdf);
            exit(1);
        }
    }
    pci_registry_stats(&st);

    keys = malloc(sizeof(*keys) * lookups);
    for (i = 0; i < lookups; i++)
        keys[i] = dev_sbdf(lcg(&seed) % n, n);
    /* The list walk is O(n): keep its run short. */
    list_lookups = lookups;
    if ((unsigned long)list_lookups * n > (1UL << 27))
        list_lookups = (1UL << 27) / n ? (1UL << 27) / n : 1;

    if (modes & M_INDEX)
        t_index = run(M_INDEX, keys, lookups);
    if (modes & M_DOMAIN)
        t_domain = run(M_DOMAIN, keys, lookups);
    if (modes & M_LIST)
        t_list = run(M_LIST, keys, list_lookups);

    printf("%6u devices  %4lu index nodes  ", n, st.index_nodes);
    if (modes & M_INDEX)
        printf("index %7.1f ns  ", t_index);
    if (modes & M_DOMAIN)
        printf("index+d->pci_lock %7.1f ns  ", t_domain);
    if (modes & M_LIST)
        printf("list walk %10.1f ns (%u lookups)", t_list, list_lookups);
    if ((modes & M_INDEX) && (modes & M_LIST) && t_index > 0)
        printf("  ratio %.0fx", t_list / t_index);
    printf("\n");
    free(keys);

    for (i = 0; i < n; i++) {
        pci_sbdf_t s = dev_sbdf(i, n);

        pci_remove_device(s.seg, s.bus, s.devfn);
    }
    heap_stats(&h1);
    pci_registry_stats(&st);
    if (st.devices || st.index_nodes || h1.live_objects != h0.live_objects) {
        fprintf(stderr, "registry not empty after the run\n");
        exit(1);
    }
}

int main(int argc, char **argv)
{
    static const unsigned int sizes[] = { 16, 1024, 65536 };
    unsigned int n = 0, modes = M_INDEX | M_DOMAIN | M_LIST;
    unsigned int lookups = 1u << 20, i;

    for (i = 1; i + 1 < (unsigned int)argc; i += 2) {
        if (!strcmp(argv[i], "--n")) {
            n = strtoul(argv[i + 1], NULL, 0);
        } else if (!strcmp(argv[i], "--lookups")) {
            lookups = strtoul(argv[i + 1], NULL, 0);
        } else if (!strcmp(argv[i], "--mode")) {
            const char *m = argv[i + 1];

            modes = !strcmp(m, "index") ? M_INDEX : !strcmp(m, "domain") ?
                    M_DOMAIN : !strcmp(m, "list") ? M_LIST :
                    M_INDEX | M_DOMAIN | M_LIST;
        } else {
            break;
        }
    }
    if (i != (unsigned int)argc || n > 65536 || (n && 65536 % n) || !lookups) {
        fprintf(stderr, "usage: %s [--n N (a power of two <= 65536)] "
                "[--mode index|domain|list|all] [--lookups M]\n", argv[0]);
        return 2;
    }

    domain_init_common(&dom0, 0, "control", true);
    control_domain = &dom0;
    if (n) {
        bench(n, modes, lookups);
    } else {
        for (i = 0; i < ARRAY_SIZE(sizes); i++)
            bench(sizes[i], modes, lookups);
    }
    return 0;
}

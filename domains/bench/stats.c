/* SPDX-License-Identifier: GPL-2.0 */
/* Sample statistics and report lines of the benchmark domain (bench.h). */
#include "bench.h"

uint64_t bench_overhead;

static uint64_t sorted[MHV_BENCH_MAX_SAMPLES];

/* Shell sort: no recursion, fine for a few thousand samples. */
static void sort_u64(uint64_t *a, unsigned int n)
{
    for (unsigned int gap = n / 2; gap; gap /= 2)
        for (unsigned int i = gap; i < n; i++) {
            uint64_t v = a[i];
            unsigned int j = i;

            for (; j >= gap && a[j - gap] > v; j -= gap)
                a[j] = a[j - gap];
            a[j] = v;
        }
}

uint64_t bench_min(const uint64_t *s, unsigned int n)
{
    uint64_t m = ~0ull;

    for (unsigned int i = 0; i < n; i++)
        if (s[i] < m)
            m = s[i];
    return m;
}

void bench_subtract(uint64_t *s, unsigned int n, uint64_t overhead)
{
    for (unsigned int i = 0; i < n; i++)
        s[i] = s[i] > overhead ? s[i] - overhead : 0;
}

void bench_report(const char *op, unsigned int devices, const uint64_t *s,
                  unsigned int n)
{
    if (!n || n > MHV_BENCH_MAX_SAMPLES) {
        bench_error("%s: %u samples", op, n);
        return;
    }
    memcpy(sorted, s, n * sizeof(*s));
    sort_u64(sorted, n);
    /* The lower median: an observed value, even for an even count. */
    printf("@bench op=%s devices=%u iterations=%u min=%llu median=%llu\n",
           op, devices, n, (unsigned long long)sorted[0],
           (unsigned long long)sorted[(n - 1) / 2]);
}

void bench_error(const char *fmt, ...)
{
    va_list ap;

    printf("@bench error ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

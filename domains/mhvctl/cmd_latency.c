/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's responsiveness measurements, in the domain clock's time (which
 * under `tools/mhv-run --icount` is virtual time: the figures do not depend
 * on the host's speed):
 *
 *   lateness N MS BOUND_MS     N sleeps of MS ms (the control domain's own
 *                              idle, as `sleep`); how late each came back
 *   map-latency DOMID SBDF N BOUND_MS [GAP_MS]
 *                              N times, GAP_MS apart (default 0): map MSI-X
 *                              entry 1 of SBDF for DOMID and unmap it; how
 *                              long each pair took
 *
 * Each prints one line with the worst and the mean, and fails with
 * ETIMEDOUT when the worst is over BOUND_MS.
 */
#include "mhvctl.h"

#define MAX_ROUNDS      1000000
#define MAX_MS          10000
#define NS_PER_MS       1000000ull

static int verdict(const char *what, uint64_t worst, uint64_t bound_ms)
{
    if (worst <= bound_ms * NS_PER_MS)
        return 0;
    printf("%s: worst %llu us, over the bound of %llu ms\n", what,
           (unsigned long long)(worst / 1000), (unsigned long long)bound_ms);
    return -MHV_ETIMEDOUT;
}

int cmd_lateness(int argc, char **argv)
{
    uint64_t n, ms, bound, worst = 0, sum = 0;
    int rc;

    if ((rc = arg_uint("sleep count", argv[1], MAX_ROUNDS, &n)) ||
        (rc = arg_uint("milliseconds", argv[2], MAX_MS, &ms)) ||
        (rc = arg_uint("bound in ms", argv[3], MAX_MS, &bound)))
        return rc;
    if (!n || !ms) {
        printf("lateness: needs at least one sleep of at least 1 ms\n");
        return -MHV_EINVAL;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t start = mhv_time_ns(), late;

        mhvctl_idle_ns(ms * NS_PER_MS);
        late = mhv_time_ns() - start;
        late = late > ms * NS_PER_MS ? late - ms * NS_PER_MS : 0;
        sum += late;
        if (late > worst)
            worst = late;
    }
    printf("lateness: %llu sleeps of %llu ms: worst %llu us late, mean %llu us\n",
           (unsigned long long)n, (unsigned long long)ms,
           (unsigned long long)(worst / 1000), (unsigned long long)(sum / n / 1000));
    return verdict("lateness", worst, bound);
}

int cmd_map_latency(int argc, char **argv)
{
    uint64_t dom, n, bound, gap = 0, worst = 0, sum = 0;
    uint32_t sbdf;
    int rc;

    if ((rc = arg_uint("domain id", argv[1], DOMID_SELF - 1, &dom)) ||
        (rc = arg_sbdf("SBDF", argv[2], &sbdf)) ||
        (rc = arg_uint("count", argv[3], MAX_ROUNDS, &n)) ||
        (rc = arg_uint("bound in ms", argv[4], MAX_MS, &bound)) ||
        (argc > 5 && (rc = arg_uint("gap in ms", argv[5], MAX_MS, &gap))))
        return rc;
    if (!n) {
        printf("map-latency: needs at least one round\n");
        return -MHV_EINVAL;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t start = mhv_time_ns(), took;
        int pirq = -1;

        rc = mhv_map_pirq_msix((domid_t)dom, sbdf, 1, &pirq);
        if (!rc)
            rc = mhv_unmap_pirq((domid_t)dom, pirq);
        took = mhv_time_ns() - start;
        if (rc) {
            printf("map-latency: round %llu: %d\n", (unsigned long long)i + 1, rc);
            return rc;
        }
        sum += took;
        if (took > worst)
            worst = took;
        if (gap)
            mhvctl_idle_ns(gap * NS_PER_MS);
    }
    printf("map-latency: %llu maps and unmaps for d%llu: worst %llu us, mean %llu us\n",
           (unsigned long long)n, (unsigned long long)dom,
           (unsigned long long)(worst / 1000), (unsigned long long)(sum / n / 1000));
    return verdict("map-latency", worst, bound);
}

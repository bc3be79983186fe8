/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's command table, its dispatcher, and the commands that stand
 * alone: help, domains, wait-domain, heap, iommu, vectors, leakcheck, repeat,
 * sleep, forge-event, expect-error, exit.
 */
#include "mhvctl.h"

int mhvctl_exit_requested;
uint32_t mhvctl_exit_code;

static void print_result(int rc)
{
    const char *name;

    if (rc >= 0) {
        printf("ok\n");
        return;
    }
    name = errno_to_name(rc);
    if (name)
        printf("error %s (%d)\n", name, rc);
    else
        printf("error EUNKNOWN (%d)\n", rc);
}

/* ------------------------------------------------------------ help */

static int cmd_help(int argc, char **argv)
{
    for (const struct mhvctl_cmd *c = mhvctl_cmds; c->name; c++) {
        char usage[64];

        snprintf(usage, sizeof(usage), "%s%s%s", c->name, c->args[0] ? " " : "",
                 c->args);
        printf("  %-34s %s\n", usage, c->help);
    }
    return 0;
}

/* ------------------------------------------------------------ domains */

static const char *state_name(uint32_t state)
{
    switch (state) {
    case MHV_DOMSTATE_RUNNING:  return "running";
    case MHV_DOMSTATE_BLOCKED:  return "blocked";
    case MHV_DOMSTATE_SHUTDOWN: return "shutdown";
    case MHV_DOMSTATE_CRASHED:  return "crashed";
    case MHV_DOMSTATE_DYING:    return "dying";
    default:                    return "unknown";
    }
}

/* Domain ids probed by `domains` (ids are small and dense in mhv). */
#define DOMAINS_PROBE_MAX   64

static int cmd_domains(int argc, char **argv)
{
    struct mhv_domctl_domaininfo info;
    unsigned int id = 0, found = 0;

    while (id < DOMAINS_PROBE_MAX) {
        int rc = mhv_domain_info((domid_t)id, &info);

        if (rc == -MHV_ESRCH) {
            id++;
            continue;
        }
        if (rc)
            return rc;
        printf("d%u name=%s state=%s cpu=%u devices=%u pirqs=%u%s%s\n", info.domid,
               info.name[0] ? info.name : "-", state_name(info.state),
               info.cpu, info.nr_devices, info.nr_pirqs,
               (info.flags & MHV_SIF_PRIVILEGED) ? " control" : "",
               (info.flags & MHV_DOMINFO_HVM) ? " hvm" : "");
        found++;
        /* Xen's getdomaininfo may answer with the next domain up. */
        id = info.domid >= id ? info.domid + 1u : id + 1;
    }
    return found ? 0 : -MHV_ESRCH;
}

/* ------------------------------------------------------------ wait-domain */

#define WAIT_DOMAIN_STEP_NS     (10ull * 1000 * 1000)
#define WAIT_DOMAIN_MAX_MS      600000

/* What wait-domain waits for: a state, or a count of pirqs or devices. */
struct domain_cond {
    enum { COND_STATE, COND_PIRQS, COND_DEVICES, COND_EVENTS, COND_DEV_EVENTS,
           COND_MARKS } kind;
    uint32_t value;
};

static int cond_parse(const char *s, struct domain_cond *c)
{
    static const uint32_t states[] = {
        MHV_DOMSTATE_RUNNING, MHV_DOMSTATE_BLOCKED, MHV_DOMSTATE_SHUTDOWN,
        MHV_DOMSTATE_CRASHED,
    };
    uint64_t v;

    for (unsigned int i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
        if (str_eq(s, state_name(states[i]))) {
            c->kind = COND_STATE;
            c->value = states[i];
            return 0;
        }
    }
    if (!strncmp(s, "pirqs=", 6) && !parse_uint(s + 6, MHV_NR_PIRQS, &v)) {
        c->kind = COND_PIRQS;
        c->value = (uint32_t)v;
        return 0;
    }
    if (!strncmp(s, "devices=", 8) && !parse_uint(s + 8, 0xffff, &v)) {
        c->kind = COND_DEVICES;
        c->value = (uint32_t)v;
        return 0;
    }
    if (!strncmp(s, "events>=", 8) && !parse_uint(s + 8, 0xffffffffu, &v)) {
        c->kind = COND_EVENTS;
        c->value = (uint32_t)v;
        return 0;
    }
    if (!strncmp(s, "dev-events=", 11) && !parse_uint(s + 11, 0xffff, &v)) {
        c->kind = COND_DEV_EVENTS;
        c->value = (uint32_t)v;
        return 0;
    }
    if (!strncmp(s, "marks>=", 7) && !parse_uint(s + 7, MHV_HVM_MARKS, &v)) {
        c->kind = COND_MARKS;
        c->value = (uint32_t)v;
        return 0;
    }
    printf("bad condition '%s' (want running, blocked, shutdown, crashed, "
           "pirqs=N, devices=N, events>=N, dev-events=N or marks>=N)\n", s);
    return -MHV_EINVAL;
}

/* An HVM guest's progress marks (its diagnostic port): -1 if it has none
 * to give (not HVM). */
static int64_t hvm_marks(domid_t dom)
{
    static struct mhv_hvm_info hi;

    return mhv_hvm_info(dom, &hi) ? -1 : (int64_t)hi.nr_marks;
}

static bool cond_holds(const struct domain_cond *c,
                       const struct mhv_domctl_domaininfo *info)
{
    switch (c->kind) {
    case COND_MARKS:    return hvm_marks(info->domid) >= (int64_t)c->value;
    case COND_STATE:    return info->state == c->value;
    case COND_PIRQS:    return info->nr_pirqs == c->value;
    case COND_DEVICES:  return info->nr_devices == c->value;
    case COND_EVENTS:   return info->events >= c->value;
    case COND_DEV_EVENTS: return info->dev_events == c->value;
    }
    return false;
}

static bool state_is_final(uint32_t state)
{
    return state == MHV_DOMSTATE_SHUTDOWN || state == MHV_DOMSTATE_CRASHED;
}

static void print_domain_short(const struct mhv_domctl_domaininfo *info,
                               const char *tail)
{
    printf("d%u state=%s devices=%u pirqs=%u%s\n", info->domid,
           state_name(info->state), info->nr_devices, info->nr_pirqs, tail);
}

/*
 * wait-domain DOMID COND MS: wait (looking every 10 ms, MS measured by
 * mhv_time_ns(), so a pending event cannot shorten it) until the domain
 * is in state COND, or has COND = pirqs=N / devices=N / events>=N
 * (interrupts delivered to it) / dev-events=N (device events it has not
 * taken yet) / marks>=N (an HVM guest wrote its diagnostic port N times:
 * it got that far); prints
 * `dN state=S devices=D pirqs=P`.  A domain that is shut down or crashed
 * without COND holding fails at once with EIO; after MS without COND,
 * ETIMEDOUT.  For scripts that must not go on before another domain has
 * done its part (mapped its interrupts, finished a stress run).
 */
static int cmd_wait_domain(int argc, char **argv)
{
    struct mhv_domctl_domaininfo info;
    struct domain_cond cond;
    uint64_t dom, ms, start, deadline;
    int rc;

    if ((rc = arg_uint("domain id", argv[1], DOMID_SELF - 1, &dom)) ||
        (rc = cond_parse(argv[2], &cond)) ||
        (rc = arg_uint("milliseconds", argv[3], WAIT_DOMAIN_MAX_MS, &ms)))
        return rc;
    start = mhv_time_ns();
    deadline = start + ms * 1000 * 1000;
    for (;;) {
        uint64_t now;

        rc = mhv_domain_info((domid_t)dom, &info);
        if (rc)
            return rc;
        if (info.domid != dom)          /* answered with the next one up */
            return -MHV_ESRCH;
        if (cond_holds(&cond, &info)) {
            print_domain_short(&info, "");
            return 0;
        }
        if (state_is_final(info.state)) {
            print_domain_short(&info, " (gone before the condition held)");
            return -MHV_EIO;
        }
        now = mhv_time_ns();
        if (now >= deadline) {
            char tail[64];

            snprintf(tail, sizeof(tail), " (condition not met in %llu ms)",
                     (unsigned long long)((now - start) / 1000000));
            print_domain_short(&info, tail);
            return -MHV_ETIMEDOUT;
        }
        mhvctl_idle_ns(deadline - now < WAIT_DOMAIN_STEP_NS ? deadline - now
                                                            : WAIT_DOMAIN_STEP_NS);
    }
}

/* ------------------------------------------------------------ heap */

static int cmd_heap(int argc, char **argv)
{
    struct mhv_heap_counters h;
    int rc = mhv_heap(&h);

    if (rc)
        return rc;
    printf("heap objects=%llu bytes=%llu\n",
           (unsigned long long)h.live_objects,
           (unsigned long long)h.live_bytes);
    return 0;
}

/* ------------------------------------------------------------ vectors */

/* Free dynamic vectors on all CPUs and free pages: the leak checks of
 * interrupt teardown compare them before and after. */
static int cmd_vectors(int argc, char **argv)
{
    struct mhv_heap_counters h;
    int rc = mhv_heap(&h);

    if (rc)
        return rc;
    printf("vectors free=%llu pages free=%llu\n",
           (unsigned long long)h.free_vectors, (unsigned long long)h.free_pages);
    return 0;
}

/* ------------------------------------------------------------ leakcheck */

/*
 * leakcheck start: remember the heap and vector counters;
 * leakcheck: compare with them, print the differences, and fail (EBUSY)
 * if anything the hypervisor allocated since is still there.
 *
 * Another domain's hypercall in flight holds transient allocations (a
 * registry listing's buffer, say) for microseconds; a reading that falls
 * into one is not the baseline, nor a leak.  So both sides take up to
 * LEAK_SAMPLES readings LEAK_SAMPLE_GAP_NS apart: the mark is the one
 * with the fewest live objects, and the comparison stops at the first
 * reading that matches the mark.  A real leak persists through them all.
 */
#define LEAK_SAMPLES        5
#define LEAK_SAMPLE_GAP_NS  (20ull * 1000 * 1000)

static struct mhv_heap_counters leak_mark;
static struct mhv_iommu_info leak_iommu;
static bool leak_marked;

/*
 * The IOMMU's part: context entries and IRTEs back where they were, and
 * no more table pages than then (a dead domain's tables may have gone).
 */
static bool leak_iommu_matches(const struct mhv_iommu_info *m)
{
    return !(m->flags & MHV_IOMMU_DMA_ON) ||
           (m->contexts == leak_iommu.contexts && m->irtes == leak_iommu.irtes &&
            m->table_pages <= leak_iommu.table_pages);
}

static bool leak_matches(const struct mhv_heap_counters *h)
{
    return h->live_objects == leak_mark.live_objects &&
           h->live_bytes == leak_mark.live_bytes &&
           h->free_vectors == leak_mark.free_vectors;
}

static int leak_mark_take(void)
{
    struct mhv_heap_counters h;

    for (unsigned int i = 0; i < LEAK_SAMPLES; i++) {
        int rc = mhv_heap(&h);

        if (rc)
            return rc;
        if (!i || h.live_objects < leak_mark.live_objects)
            leak_mark = h;
        if (i + 1 < LEAK_SAMPLES)
            mhv_sleep_ns(LEAK_SAMPLE_GAP_NS);
    }
    if (mhv_iommu_info(0, MHV_IOMMU_NO_DEV, &leak_iommu))
        memset(&leak_iommu, 0, sizeof(leak_iommu));
    leak_marked = true;
    return 0;
}

static int cmd_leakcheck(int argc, char **argv)
{
    struct mhv_heap_counters h;
    struct mhv_iommu_info m;
    int rc;

    if (argc > 1) {
        if (!str_eq(argv[1], "start")) {
            printf("usage: leakcheck [start]\n");
            return -MHV_EINVAL;
        }
        return leak_mark_take();
    }
    if (!leak_marked) {
        printf("leakcheck: no 'leakcheck start' before\n");
        return -MHV_EINVAL;
    }
    for (unsigned int i = 0; i < LEAK_SAMPLES; i++) {
        if ((rc = mhv_heap(&h)))
            return rc;
        if (leak_matches(&h))
            break;
        if (i + 1 < LEAK_SAMPLES)
            mhv_sleep_ns(LEAK_SAMPLE_GAP_NS);
    }
    printf("leakcheck: objects %+lld bytes %+lld vectors %+lld pages %+lld\n",
           (long long)(h.live_objects - leak_mark.live_objects),
           (long long)(h.live_bytes - leak_mark.live_bytes),
           (long long)(h.free_vectors - leak_mark.free_vectors),
           (long long)(h.free_pages - leak_mark.free_pages));
    if (mhv_iommu_info(0, MHV_IOMMU_NO_DEV, &m))
        memset(&m, 0, sizeof(m));
    if (m.flags & MHV_IOMMU_DMA_ON)
        printf("leakcheck: iommu tables %+lld contexts %+lld irtes %+lld\n",
               (long long)(m.table_pages - leak_iommu.table_pages),
               (long long)m.contexts - (long long)leak_iommu.contexts,
               (long long)m.irtes - (long long)leak_iommu.irtes);
    return leak_matches(&h) && leak_iommu_matches(&m) ? 0 : -MHV_EBUSY;
}

/* ------------------------------------------------------------ iommu */

/*
 * iommu [SBDF...]: the units, their modes, the counters, and each
 * domain's; then the faults each SBDF given caused.
 */
static int cmd_iommu(int argc, char **argv)
{
    struct mhv_iommu_info m;
    int rc;

    rc = mhv_iommu_info(0, MHV_IOMMU_NO_DEV, &m);
    if (rc)
        return rc;
    if (!(m.flags & MHV_IOMMU_DMA_ON)) {
        printf("iommu: none (%s)\n", (m.flags & MHV_IOMMU_OFF) ? "iommu=off" :
               (m.flags & MHV_IOMMU_DMAR) ? "units unusable" : "no DMAR table");
        return 0;
    }
    printf("iommu: VT-d units=%u levels=%u dma=on intremap=%s eim=%s\n",
           m.nr_units, m.levels, (m.flags & MHV_IOMMU_IR_ON) ? "on" : "off",
           (m.flags & MHV_IOMMU_EIM) ? "on" : "off");
    printf("unit 0: base %#llx cap %#llx ecap %#llx\n",
           (unsigned long long)m.unit0_base, (unsigned long long)m.unit0_cap,
           (unsigned long long)m.unit0_ecap);
    printf("iommu: tables=%llu contexts=%u irtes=%u faults=%llu withheld=%llu\n",
           (unsigned long long)m.table_pages, m.contexts, m.irtes,
           (unsigned long long)m.faults, (unsigned long long)m.withheld_pages);
    if (m.flags & MHV_IOMMU_BROKEN)
        printf("iommu: a unit is out of service: its invalidations fail, "
               "its functions are not assigned\n");
    for (domid_t d = 0; d < 64; d++) {
        if (mhv_iommu_info(d, MHV_IOMMU_NO_DEV, &m) || !m.dom_valid)
            break;
        printf("d%u: faults=%llu mapped=%llu devices=%u\n", d,
               (unsigned long long)m.dom_faults, (unsigned long long)m.dom_mapped,
               m.dom_devices);
    }
    for (int i = 1; i < argc; i++) {
        uint32_t sbdf;

        if ((rc = arg_sbdf("SBDF", argv[i], &sbdf)))
            return rc;
        if ((rc = mhv_iommu_info(0, sbdf, &m)))
            return rc;
        /* Spelt out rather than %pp, so the host tests' printf agrees. */
        printf("%04x:%02x:%02x.%u: faults=%llu", sbdf >> 16, (sbdf >> 8) & 0xff,
               (sbdf >> 3) & 0x1f, sbdf & 7, (unsigned long long)m.dev_faults);
        if (m.dev_did)
            printf(" (last in d%u)", m.dev_did - 1);
        printf("\n");
    }
    return 0;
}

/* ------------------------------------------------------------ repeat */

#define REPEAT_MAX 100000

/*
 * repeat N CMD [ARGS] [; CMD [ARGS]]...: run the commands N times with
 * their output muted; stop at the first failure and say where.
 */
static int cmd_repeat(int argc, char **argv)
{
    uint64_t n;
    int rc = arg_uint("count", argv[1], REPEAT_MAX, &n);

    if (rc)
        return rc;
    for (uint64_t i = 0; i < n; i++) {
        int start = 2;

        while (start < argc) {
            int end = start;

            while (end < argc && !str_eq(argv[end], ";"))
                end++;
            if (end == start || str_eq(argv[start], "repeat") ||
                str_eq(argv[start], "exit") || str_eq(argv[start], "expect-error")) {
                printf("repeat: bad command list\n");
                return -MHV_EINVAL;
            }
            console_mute(true);
            rc = mhvctl_dispatch(end - start, argv + start);
            console_mute(false);
            if (rc < 0) {
                printf("repeat: '%s' failed in round %llu\n", argv[start],
                       (unsigned long long)i + 1);
                return rc;
            }
            start = end + 1;
        }
    }
    printf("repeat: %llu rounds done\n", (unsigned long long)n);
    return 0;
}

/* ------------------------------------------------------------ sleep */

#define SLEEP_MAX_MS    600000

static int cmd_sleep(int argc, char **argv)
{
    uint64_t ms;
    int rc = arg_uint("milliseconds", argv[1], SLEEP_MAX_MS, &ms);

    uint64_t start, elapsed;

    if (rc)
        return rc;
    start = mhv_time_ns();
    mhvctl_idle_ns(ms * 1000 * 1000);
    elapsed = mhv_time_ns() - start;
    if (elapsed < ms * 1000 * 1000) {       /* the clock says we woke early */
        printf("sleep: woke after %llu ns of %llu ms\n",
               (unsigned long long)elapsed, (unsigned long long)ms);
        return -MHV_EIO;
    }
    return 0;
}

/* ------------------------------------------------------------ echo */

/* echo WORDS...: print them (a mark in the console for tests: QMP
 * directives of tools/mhv-run wait for such lines). */
static int cmd_echo(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        printf("%s%s", argv[i], i + 1 < argc ? " " : "\n");
    return 0;
}

/* ------------------------------------------------------------ tsc-aux */

/*
 * tsc-aux: TSC_AUX as RDTSCP reads it here, in ring 3 on this domain's
 * CPU.  The hypervisor keeps 0 there; an HVM guest's value must not be
 * left behind for the domains that run after it (tests/qemu/hvm-hostile).
 */
static int cmd_tsc_aux(int argc, char **argv)
{
    uint32_t max_ext, a, b, c, d = 0, aux;

    (void)argc;
    (void)argv;
    __asm__ volatile("cpuid" : "=a"(max_ext), "=b"(b), "=c"(c), "=d"(d)
                     : "a"(0x80000000u), "c"(0));
    d = 0;
    if (max_ext >= 0x80000001u)
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d)
                         : "a"(0x80000001u), "c"(0));
    if (!(d & (1u << 27))) {
        printf("tsc-aux: the CPU has no RDTSCP\n");
        return -MHV_ENODEV;
    }
    __asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(aux));
    printf("tsc-aux: %#x\n", aux);
    return 0;
}

/* ------------------------------------------------------------ stamps */

uint64_t mhvctl_start_tsc, mhvctl_first_vf_irq_tsc;

/*
 * stamps: the TSC from this program's start to the first VF MSI-X delivery
 * `fire` saw (ENOENT before one).  Under -icount shift=0 that is a count of
 * guest instructions: the line the network benchmark (tests/bench/net-run)
 * reads.
 */
static int cmd_stamps(int argc, char **argv)
{
    if (!mhvctl_first_vf_irq_tsc) {
        printf("stamps: no VF MSI-X delivery yet ('fire' on a VF first)\n");
        return -MHV_ENOENT;
    }
    printf("@bench net op=d0-start-to-first-vf-msix ticks=%llu\n",
           (unsigned long long)(mhvctl_first_vf_irq_tsc - mhvctl_start_tsc));
    return 0;
}

/* ------------------------------------------------------------ forge-event */

/*
 * forge-event PIRQ CMD...: run CMD with PIRQ's pending bit set in our own
 * shared info, as a stray or forged interrupt would leave it (nothing
 * clears it meanwhile: every poll returns at once), then clear it.  For the
 * test that timed waits still last their time.
 */
static int cmd_forge_event(int argc, char **argv)
{
    uint64_t pirq, bit;
    int rc = arg_uint("pirq", argv[1], MHV_NR_PIRQS - 1, &pirq);

    if (rc)
        return rc;
    bit = 1ull << (pirq % 64);
    __atomic_fetch_or(&mhv_shared_info->pirq_pending[pirq / 64], bit,
                      __ATOMIC_SEQ_CST);
    rc = mhvctl_dispatch(argc - 2, argv + 2);
    __atomic_fetch_and(&mhv_shared_info->pirq_pending[pirq / 64], ~bit,
                       __ATOMIC_SEQ_CST);
    return rc;
}

/* ------------------------------------------------------------ expect-error */

static int cmd_expect_error(int argc, char **argv)
{
    int want = errno_from_name(argv[1]);
    int rc;

    if (!want) {
        printf("unknown error name '%s'\n", argv[1]);
        return -MHV_EINVAL;
    }
    if (str_eq(argv[2], "expect-error") || str_eq(argv[2], "exit")) {
        printf("expect-error cannot run %s\n", argv[2]);
        return -MHV_EINVAL;
    }
    rc = mhvctl_dispatch(argc - 2, argv + 2);
    if (rc == -want)
        return 0;
    if (rc >= 0) {
        printf("expected %s, but the command succeeded\n", argv[1]);
        return -MHV_EINVAL;
    }
    printf("expected %s, got %s (%d)\n", argv[1],
           errno_to_name(rc) ? errno_to_name(rc) : "EUNKNOWN", rc);
    return rc;
}

/* ------------------------------------------------------------ exit */

static int cmd_exit(int argc, char **argv)
{
    uint64_t code = 0;

    if (argc > 1) {
        int rc = arg_uint("exit code", argv[1], 255, &code);

        if (rc)
            return rc;
    }
    mhvctl_exit_requested = 1;
    mhvctl_exit_code = (uint32_t)code;
    return 0;
}

/* ------------------------------------------------------------ the table */

const struct mhvctl_cmd mhvctl_cmds[] = {
    { "help", "", "this list", 0, 0, cmd_help },
    { "lspci", "", "the PCI registry, one device per line", 0, 0, cmd_lspci },
    { "sriov", "SBDF N", "enable N VFs of a PF and add them (N=0: remove, disable)",
      2, 2, cmd_sriov },
    { "pci-add", "SBDF [vf-of PF-SBDF]", "register a device (a VF with its PF)",
      1, 3, cmd_pci_add },
    { "pci-remove", "SBDF", "remove a device from the registry", 1, 1,
      cmd_pci_remove },
    { "msix", "SBDF NVEC", "map MSI-X entries 0..NVEC-1 to pirqs", 2, 2, cmd_msix },
    { "msi", "SBDF", "map one MSI vector to a pirq", 1, 1, cmd_msi },
    { "fire", "SBDF ENTRY", "igb: raise an MSI-X entry, wait for its pirq",
      2, 2, cmd_fire },
    { "unmap", "PIRQ", "unmap a pirq", 1, 1, cmd_unmap },
    { "assign", "SBDF DOMID", "assign a device to a domain", 2, 2, cmd_assign },
    { "deassign", "SBDF", "take a device back from its domain", 1, 1,
      cmd_deassign },
    { "conf-read", "SBDF REG SIZE", "read config space (1, 2 or 4 bytes)", 3, 3,
      cmd_conf_read },
    { "conf-write", "SBDF REG SIZE VALUE", "write config space", 4, 4,
      cmd_conf_write },
    { "map-bar", "SBDF BAR", "map a memory BAR of a device we own", 2, 2,
      cmd_map_bar },
    { "net-up", "SBDF IP [poll]", "igb VF: reset, rings, IPv4 address IP",
      2, 3, cmd_net_up },
    { "net-down", "SBDF", "igb VF: stop its network", 1, 1, cmd_net_down },
    { "ping", "SBDF IP [COUNT]", "ICMP echo from a VF that is up (default 4)",
      2, 3, cmd_ping },
    { "vf-mac", "VF-SBDF allow|deny|set MAC|set default",
      "may the VF's owner choose its MAC; the operator's MAC for it", 2, 3,
      cmd_vf_mac },
    { "vf-reset", "VF-SBDF [MS]", "reset a VF from its PF; wait MS for its driver",
      1, 2, cmd_vf_reset },
    { "pf-stats", "PF-SBDF", "igb PF driver: mailbox counts per VF", 1, 1,
      cmd_pf_stats },
    { "link-wait", "PF-SBDF up|down MS", "wait until the PF driver saw that link state",
      3, 3, cmd_link_wait },
    { "check", "", "check the registry's invariants (EIO if broken)", 0, 0,
      cmd_check },
    { "domains", "", "list the domains", 0, 0, cmd_domains },
    { "wait-domain", "DOMID COND MS", "wait for a state, pirqs=N, devices=N, "
      "events>=N, dev-events=N or marks>=N",
      3, 3, cmd_wait_domain },
    { "hvm-create", "KERNEL MEM_MB VCPUS [initrd=NAME] [cpus=A,B] [paused] [-- CMDLINE]",
      "start an HVM domain from \"hvm NAME\" boot modules",
      3, MHVCTL_MAX_ARGS - 1, cmd_hvm_create },
    { "hvm-unpause", "DOMID", "start an HVM domain created paused", 1, 1,
      cmd_hvm_unpause },
    { "hvm-list", "[DOMID]", "HVM domains: state, exits by reason (one: more)",
      0, 1, cmd_hvm_list },
    { "hvm-destroy", "DOMID", "stop an HVM domain and free it", 1, 1,
      cmd_hvm_destroy },
    { "heap", "", "the hypervisor's live heap objects and bytes", 0, 0, cmd_heap },
    { "iommu", "[SBDF...]", "IOMMU units, modes, counters, faults per domain and per SBDF",
      0, 8, cmd_iommu },
    { "vectors", "", "free interrupt vectors and free pages", 0, 0, cmd_vectors },
    { "leakcheck", "[start]", "remember / compare heap and vector counters",
      0, 1, cmd_leakcheck },
    { "repeat", "N CMD [; CMD]...", "run the commands N times, output muted",
      2, MHVCTL_MAX_ARGS - 1, cmd_repeat },
    { "sleep", "MS", "wait MS milliseconds (EIO if the clock says less)", 1, 1,
      cmd_sleep },
    { "forge-event", "PIRQ CMD...", "run CMD with PIRQ's pending bit forged",
      2, MHVCTL_MAX_ARGS - 1, cmd_forge_event },
    { "lateness", "N MS BOUND_MS", "N sleeps of MS ms: worst and mean lateness "
      "(ETIMEDOUT over BOUND_MS)", 3, 3, cmd_lateness },
    { "map-latency", "DOMID SBDF N BOUND_MS [GAP_MS]", "N maps and unmaps of "
      "MSI-X entry 1 for DOMID, GAP_MS apart: worst and mean time (ETIMEDOUT "
      "over BOUND_MS)", 4, 5,
      cmd_map_latency },
    { "echo", "WORDS...", "print the words (a mark for tests)", 1,
      MHVCTL_MAX_ARGS - 1, cmd_echo },
    { "tsc-aux", "", "TSC_AUX as RDTSCP reads it in this domain", 0, 0,
      cmd_tsc_aux },
    { "stamps", "", "TSC from this domain's start to the first VF MSI-X delivery",
      0, 0, cmd_stamps },
    { "hotplug", "[BLINK_MS|off]", "take over the PCIe hotplug slots (done at start; "
      "button delay BLINK_MS, default 5000), or give them up", 0, 1, cmd_hotplug },
    { "slots", "", "the hotplug slots, their state and what is behind them",
      0, 0, cmd_slots },
    { "slot-wait", "PORT STATE MS", "service slot events until PORT's slot is "
      "in STATE", 3, 3, cmd_slot_wait },
    { "slot-power", "PORT on|off|force-off", "power a slot on / off (torn down "
      "first; force-off: not)", 2, 2, cmd_slot_power },
    { "expect-error", "ENAME CMD...", "ok only if CMD fails with ENAME",
      2, MHVCTL_MAX_ARGS - 1, cmd_expect_error },
    { "exit", "[CODE]", "shut the machine down with CODE (0-255, default 0)",
      0, 1, cmd_exit },
    { NULL, NULL, NULL, 0, 0, NULL },
};

int mhvctl_dispatch(int argc, char **argv)
{
    for (const struct mhvctl_cmd *c = mhvctl_cmds; c->name; c++) {
        if (!str_eq(c->name, argv[0]))
            continue;
        if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
            printf("usage: %s%s%s\n", c->name, c->args[0] ? " " : "", c->args);
            return -MHV_EINVAL;
        }
        return c->fn(argc, argv);
    }
    printf("unknown command '%s' (try help)\n", argv[0]);
    return -MHV_EINVAL;
}

void mhvctl_run_line(char *line)
{
    char *argv[MHVCTL_MAX_ARGS];
    int argc = split_args(line, argv, MHVCTL_MAX_ARGS);

    if (argc == 0)
        return;                 /* blank or comment: no command, no result */
    if (argc < 0) {
        printf("too many words (at most %d)\n", MHVCTL_MAX_ARGS);
        print_result(argc == -MHV_E2BIG ? -MHV_EINVAL : argc);
        return;
    }
    print_result(mhvctl_dispatch(argc, argv));
}

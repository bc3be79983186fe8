/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM domains from the control shell: hvm-create, hvm-unpause, hvm-list,
 * hvm-destroy (<public/hvm.h>, docs/hvm.md).
 */
#include "mhvctl.h"

#define HVM_DESTROY_STEP_NS     (10ull * 1000 * 1000)
#define HVM_DESTROY_MAX_MS      60000

static const char *const exit_names[MHV_HVM_NR_EXITS] = {
    "intr", "vintr", "cpuid", "hlt", "io", "rdmsr", "wrmsr", "npf",
    "exception", "svm-insn", "shutdown", "other",
};

static const char *hvm_state_name(uint32_t state)
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

/* "A,B,C" into @cpus; the rest stay MHV_HVM_CPU_AUTO. */
static int parse_cpus(const char *s, uint8_t *cpus, unsigned int max)
{
    unsigned int n = 0;

    while (*s) {
        char word[8];
        size_t len = 0;
        uint64_t v;
        int rc;

        while (s[len] && s[len] != ',' && len + 1 < sizeof(word))
            len++;
        memcpy(word, s, len);
        word[len] = '\0';
        if (n == max || (rc = arg_uint("cpu", word, 254, &v)))
            return -MHV_EINVAL;
        cpus[n++] = (uint8_t)v;
        s += len;
        if (*s == ',')
            s++;
    }
    return 0;
}

/*
 * hvm-create KERNEL MEM_MB VCPUS [initrd=NAME] [cpus=A,B] [paused]
 * [-- CMDLINE...]: an HVM domain from the "hvm KERNEL" boot module, with
 * the words after "--" as its command line (else the module's own);
 * "paused": it starts at hvm-unpause (devices are assigned before that).
 */
int cmd_hvm_create(int argc, char **argv)
{
    struct mhv_hvm_create c;
    char cmdline[MHV_HVM_CMDLINE_MAX];
    size_t len = 0;
    uint64_t mem, vcpus;
    int rc, i;

    memset(&c, 0, sizeof(c));
    memset(c.cpus, MHV_HVM_CPU_AUTO, sizeof(c.cpus));
    if (strlen(argv[1]) >= sizeof(c.kernel)) {
        printf("bad kernel name '%s'\n", argv[1]);
        return -MHV_EINVAL;
    }
    strlcpy(c.kernel, argv[1], sizeof(c.kernel));
    if ((rc = arg_uint("memory (MiB)", argv[2], 1u << 20, &mem)) ||
        (rc = arg_uint("vCPUs", argv[3], MHV_HVM_MAX_VCPUS, &vcpus)))
        return rc;
    c.mem_mb = mem;
    c.nr_vcpus = (uint32_t)vcpus;
    for (i = 4; i < argc && !str_eq(argv[i], "--"); i++) {
        if (!strncmp(argv[i], "initrd=", 7) &&
            strlen(argv[i] + 7) < sizeof(c.initrd)) {
            strlcpy(c.initrd, argv[i] + 7, sizeof(c.initrd));
        } else if (str_eq(argv[i], "paused")) {
            c.flags |= MHV_HVM_CREATE_PAUSED;
        } else if (!strncmp(argv[i], "cpus=", 5)) {
            if (parse_cpus(argv[i] + 5, c.cpus, MHV_HVM_MAX_VCPUS)) {
                printf("bad cpus '%s' (want A,B,... at most %u)\n", argv[i] + 5,
                       MHV_HVM_MAX_VCPUS);
                return -MHV_EINVAL;
            }
        } else {
            printf("bad option '%s' (want initrd=NAME, cpus=A,B, paused or --)\n",
                   argv[i]);
            return -MHV_EINVAL;
        }
    }
    if (i < argc) {
        cmdline[0] = '\0';
        for (i++; i < argc; i++) {
            size_t w = strlen(argv[i]);

            if (len + w + 2 > sizeof(cmdline)) {
                printf("command line too long (at most %u bytes)\n",
                       MHV_HVM_CMDLINE_MAX - 1);
                return -MHV_E2BIG;
            }
            if (len)
                cmdline[len++] = ' ';
            memcpy(cmdline + len, argv[i], w + 1);
            len += w;
        }
        c.cmdline = (uint64_t)(uintptr_t)cmdline;
        c.cmdline_len = (uint32_t)len;
    }
    rc = mhv_hvm_create(&c);
    if (rc)
        return rc;
    printf("hvm: d%u created%s\n", c.domid,
           (c.flags & MHV_HVM_CREATE_PAUSED) ? " paused" : "");
    return 0;
}

/* hvm-unpause DOMID: start a domain created paused. */
int cmd_hvm_unpause(int argc, char **argv)
{
    uint64_t dom;
    int rc;

    if ((rc = arg_uint("domain id", argv[1], DOMID_SELF - 1, &dom)) ||
        (rc = mhv_hvm_unpause((domid_t)dom)))
        return rc;
    printf("hvm: d%llu started\n", (unsigned long long)dom);
    return 0;
}

static int print_hvm(domid_t dom, bool verbose)
{
    struct mhv_hvm_info info;
    int rc = mhv_hvm_info(dom, &info);

    if (rc)
        return rc;
    printf("d%u hvm state=%s vcpus=%u mem=%lluMiB exits=%llu", dom,
           hvm_state_name(info.state), info.nr_vcpus,
           (unsigned long long)(info.mem_bytes >> 20),
           (unsigned long long)info.exits_total);
    for (unsigned int r = 0; r < MHV_HVM_NR_EXITS; r++)
        if (info.exits[r])
            printf(" %s=%llu", exit_names[r], (unsigned long long)info.exits[r]);
    printf("\n");
    if (verbose) {
        printf("d%u cpus", dom);
        for (unsigned int n = 0; n < info.nr_vcpus && n < MHV_HVM_MAX_VCPUS; n++)
            printf(" %u", info.vcpu_cpu[n]);
        printf(" rip");
        for (unsigned int n = 0; n < info.nr_vcpus && n < MHV_HVM_MAX_VCPUS; n++)
            printf(" %#llx", (unsigned long long)info.vcpu_rip[n]);
        printf(" unclaimed: reads=%llu writes=%llu ports=%llu (%u distinct) "
               "msr-gp=%llu\n", (unsigned long long)info.npf_unclaimed_reads,
               (unsigned long long)info.npf_unclaimed_writes,
               (unsigned long long)info.io_unclaimed, info.io_unclaimed_ports,
               (unsigned long long)info.msr_refused);
        if (info.p2m_flushes)
            printf("d%u p2m flushes=%llu cpus-interrupted=%llu\n", dom,
                   (unsigned long long)info.p2m_flushes,
                   (unsigned long long)info.p2m_flush_cpus);
        for (unsigned int m = 0; m < info.nr_marks && m < MHV_HVM_MARKS; m++)
            printf("d%u mark %u: elapsed=%llu guest=%llu exits=%llu\n", dom, m,
                   (unsigned long long)info.mark_elapsed[m],
                   (unsigned long long)info.mark_guest[m],
                   (unsigned long long)info.mark_exits[m]);
        if (info.nr_marks) {
            printf("d%u mark 0 exits:", dom);
            for (unsigned int r = 0; r < MHV_HVM_NR_EXITS; r++)
                if (info.mark0_exit_reasons[r])
                    printf(" %s=%llu", exit_names[r],
                           (unsigned long long)info.mark0_exit_reasons[r]);
            printf("\n");
        }
        if (info.vpci_shown)
            printf("d%u vpci: shown=%u revoked=%u irqs=%llu flrs=%llu refused: "
                   "cfg-bad=%llu cfg-unknown=%llu mmio-bad=%llu msix=%llu bar=%llu\n",
                   dom, info.vpci_shown, info.vpci_revoked,
                   (unsigned long long)info.vpci_irqs,
                   (unsigned long long)info.vpci_flrs,
                   (unsigned long long)info.vpci_cfg_bad,
                   (unsigned long long)info.vpci_cfg_unknown,
                   (unsigned long long)info.vpci_mmio_bad,
                   (unsigned long long)info.vpci_msix_refused,
                   (unsigned long long)info.vpci_bar_refused);
        if (info.io_unclaimed_ports) {
            printf("d%u unclaimed ports:", dom);
            for (unsigned int n = 0; n < info.io_unclaimed_ports && n < MHV_HVM_IO_TOP; n++)
                printf(" %#x=%u", info.io_port[n], info.io_port_count[n]);
            printf("\n");
        }
    }
    if (info.stop_reason[0]) {
        info.stop_reason[sizeof(info.stop_reason) - 1] = '\0';
        printf("d%u stopped: %s (code %u)\n", dom, info.stop_reason,
               info.shutdown_code);
    }
    return 0;
}

/* hvm-list [DOMID]: every HVM domain (or one, with its counters). */
int cmd_hvm_list(int argc, char **argv)
{
    struct mhv_domctl_domaininfo d;
    unsigned int found = 0;
    uint64_t dom;
    int rc;

    if (argc > 1) {
        if ((rc = arg_uint("domain id", argv[1], DOMID_SELF - 1, &dom)))
            return rc;
        return print_hvm((domid_t)dom, true);
    }
    for (unsigned int id = 1; id < 64; id++) {
        if (mhv_domain_info((domid_t)id, &d) || d.domid != id ||
            !(d.flags & MHV_DOMINFO_HVM))
            continue;
        if ((rc = print_hvm((domid_t)id, false)))
            return rc;
        found++;
    }
    if (!found)
        printf("no HVM domain\n");
    return 0;
}

/* hvm-destroy DOMID: stop it if it runs, wait until it is gone. */
int cmd_hvm_destroy(int argc, char **argv)
{
    uint64_t dom, start;
    int rc;

    if ((rc = arg_uint("domain id", argv[1], DOMID_SELF - 1, &dom)))
        return rc;
    start = mhv_time_ns();
    while ((rc = mhv_hvm_destroy((domid_t)dom)) == -MHV_EAGAIN) {
        if (mhv_time_ns() - start > HVM_DESTROY_MAX_MS * 1000000ull) {
            printf("d%llu: still winding down after %u ms\n",
                   (unsigned long long)dom, HVM_DESTROY_MAX_MS);
            return -MHV_ETIMEDOUT;
        }
        mhvctl_idle_ns(HVM_DESTROY_STEP_NS);
    }
    if (!rc)
        printf("hvm: d%llu destroyed\n", (unsigned long long)dom);
    return rc;
}

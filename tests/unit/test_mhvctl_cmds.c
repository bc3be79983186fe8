/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's dispatcher (domains/mhvctl/commands.c, the real file) on the host,
 * with the device commands and hypercalls stubbed: every line, malformed or
 * not, ends in exactly one result line (`ok` or `error ENAME (-N)`) and is
 * the last thing printed; word counts are checked before a handler runs;
 * expect-error, exit, sleep, heap and domains behave as documented.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <mhvctl/mhvctl.h>

/* ------------------------------------------------------------ stubs */

static int stub_rc;             /* what the stubbed device commands return */
static int stub_calls;
static int stub_argc;
static uint64_t slept_ns;

#define STUB_CMD(name) \
    int name(int argc, char **argv) { stub_calls++; stub_argc = argc; return stub_rc; }
STUB_CMD(cmd_lspci)
STUB_CMD(cmd_pci_add)
STUB_CMD(cmd_pci_remove)
STUB_CMD(cmd_assign)
STUB_CMD(cmd_deassign)
STUB_CMD(cmd_sriov)
STUB_CMD(cmd_msix)
STUB_CMD(cmd_msi)
STUB_CMD(cmd_fire)
STUB_CMD(cmd_unmap)
STUB_CMD(cmd_check)
STUB_CMD(cmd_conf_read)
STUB_CMD(cmd_conf_write)
STUB_CMD(cmd_map_bar)
STUB_CMD(cmd_net_up)
STUB_CMD(cmd_net_down)
STUB_CMD(cmd_ping)
STUB_CMD(cmd_vf_mac)
STUB_CMD(cmd_vf_reset)
STUB_CMD(cmd_pf_stats)
STUB_CMD(cmd_link_wait)
STUB_CMD(cmd_hotplug)
STUB_CMD(cmd_slots)
STUB_CMD(cmd_slot_wait)
STUB_CMD(cmd_slot_power)
STUB_CMD(cmd_hvm_create)
STUB_CMD(cmd_hvm_unpause)
STUB_CMD(cmd_hvm_list)
STUB_CMD(cmd_hvm_destroy)
STUB_CMD(cmd_lateness)
STUB_CMD(cmd_map_latency)

/* The runtime's output mute (repeat): the host printf is not muted. */
void console_mute(bool on)
{
}

/* Every wait of mhvctl (sleep, wait-domain) goes through mhvctl_idle_ns(). */
void mhvctl_idle_ns(uint64_t ns)
{
    slept_ns += ns;
}

void mhv_sleep_ns(uint64_t ns)
{
    slept_ns += ns;
}

/* forge-event's target. */
static struct shared_info host_shared_info;
struct shared_info *mhv_shared_info = &host_shared_info;

/* The clock advances only by sleeping. */
uint64_t mhv_time_ns(void)
{
    return slept_ns;
}

int mhv_heap(struct mhv_heap_counters *out)
{
    memset(out, 0, sizeof(*out));
    out->live_objects = 14;
    out->live_bytes = 14384;
    return 0;
}

/* An IOMMU that is on (unless iommu_off), with these counters. */
static bool iommu_off;
static uint32_t iommu_contexts = 6, iommu_irtes;
static uint64_t iommu_tables = 24;

int mhv_iommu_info(domid_t domid, uint32_t dev_sbdf, struct mhv_iommu_info *out)
{
    memset(out, 0, sizeof(*out));
    out->domid = domid;
    if (iommu_off) {
        out->flags = MHV_IOMMU_OFF;
        return 0;
    }
    out->flags = MHV_IOMMU_DMA_ON | MHV_IOMMU_IR_ON | MHV_IOMMU_DMAR;
    out->nr_units = 1;
    out->levels = 4;
    out->contexts = iommu_contexts;
    out->irtes = iommu_irtes;
    out->table_pages = iommu_tables;
    out->unit0_base = 0xfed90000;
    out->dom_valid = domid < 2;
    out->dom_faults = domid == 1 ? 5 : 0;
    out->dom_devices = domid == 1 ? 1 : 6;
    out->dom_mapped = 20;
    if (dev_sbdf == 0x0182) {       /* 0000:01:10.2 faulted 7 times in d1 */
        out->dev_sbdf = dev_sbdf;
        out->dev_faults = 7;
        out->dev_did = 2;
    } else if (dev_sbdf != MHV_IOMMU_NO_DEV) {
        out->dev_sbdf = dev_sbdf;
    }
    return 0;
}

/* Domains 0 and 2 exist (1 was destroyed). */
int mhv_domain_info(domid_t dom, struct mhv_domctl_domaininfo *info)
{
    if (dom != 0 && dom != 2)
        return -MHV_ESRCH;
    memset(info, 0, sizeof(*info));
    info->domid = dom;
    info->flags = dom ? 0 : MHV_SIF_PRIVILEGED;
    info->state = dom ? MHV_DOMSTATE_BLOCKED : MHV_DOMSTATE_RUNNING;
    info->nr_devices = dom ? 1 : 9;
    strcpy(info->name, dom ? "d2" : "d0");
    return 0;
}

/* d2 is an HVM guest that writes its diagnostic port once every 10 ms of
 * the (slept) clock, up to MHV_HVM_MARKS times; d0 is not HVM. */
int mhv_hvm_info(domid_t dom, struct mhv_hvm_info *info)
{
    uint64_t marks = slept_ns / (10ull * 1000 * 1000);

    if (dom != 2)
        return dom ? -MHV_ESRCH : -MHV_EINVAL;
    memset(info, 0, sizeof(*info));
    info->state = MHV_DOMSTATE_BLOCKED;
    info->nr_marks = marks < MHV_HVM_MARKS ? (uint32_t)marks : MHV_HVM_MARKS;
    return 0;
}

/* ------------------------------------------------------------ capture */

/* Run @line through mhvctl_run_line() and return what it printed. */
static char *run(const char *line)
{
    static char out[8192];
    char buf[512];
    FILE *tmp = tmpfile();
    int saved = dup(STDOUT_FILENO);
    size_t n;

    assert_non_null(tmp);
    snprintf(buf, sizeof(buf), "%s", line);
    fflush(stdout);
    dup2(fileno(tmp), STDOUT_FILENO);
    mhvctl_run_line(buf);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    rewind(tmp);
    n = fread(out, 1, sizeof(out) - 1, tmp);
    out[n] = '\0';
    fclose(tmp);
    return out;
}

/* The output's last line must be its only result line; returns it. */
static const char *result_of(const char *out)
{
    static char last[256];
    const char *p = out, *line;
    int results = 0;

    if (!out[0] || out[strlen(out) - 1] != '\n')
        fail_msg("output does not end with a line: '%s'", out);
    while (*p) {
        line = p;
        p = strchr(p, '\n') + 1;
        if (!strncmp(line, "ok\n", 3) || !strncmp(line, "error ", 6))
            results++;
        snprintf(last, sizeof(last), "%.*s", (int)(p - line - 1), line);
    }
    if (results != 1)
        fail_msg("%d result lines in:\n%s", results, out);
    if (strcmp(last, "ok") && strncmp(last, "error ", 6))
        fail_msg("the result line is not the last one:\n%s", out);
    return last;
}

static int setup(void **state)
{
    stub_rc = 0;
    stub_calls = 0;
    stub_argc = -1;
    slept_ns = 0;
    mhvctl_exit_requested = 0;
    mhvctl_exit_code = 0;
    return 0;
}

/* ------------------------------------------------------------ tests */

static void test_blank_and_comment_lines(void **state)
{
    assert_string_equal(run(""), "");
    assert_string_equal(run("   \t "), "");
    assert_string_equal(run("# lspci"), "");
    assert_int_equal(stub_calls, 0);
}

static void test_results(void **state)
{
    assert_string_equal(result_of(run("lspci")), "ok");
    assert_int_equal(stub_calls, 1);
    stub_rc = -MHV_ENODEV;
    assert_string_equal(result_of(run("pci-remove 0000:01:10.0")),
                        "error ENODEV (-19)");
    stub_rc = -MHV_ETIMEDOUT;
    assert_string_equal(result_of(run("fire 01:10.0 0")),
                        "error ETIMEDOUT (-110)");
    stub_rc = -77;              /* a number without a name */
    assert_string_equal(result_of(run("lspci")), "error EUNKNOWN (-77)");
    stub_rc = 5;                /* positive counts are success */
    assert_string_equal(result_of(run("lspci")), "ok");
}

static void test_word_counts(void **state)
{
    static const char *const bad[] = {
        "lspci extra", "sriov", "sriov 0000:01:00.0", "sriov a b c",
        "pci-add", "pci-add a b c d", "pci-remove", "msix 01:00.0",
        "msi", "fire 01:10.0", "unmap", "unmap 1 2", "assign 01:10.0",
        "deassign", "domains x", "heap x", "sleep", "expect-error EPERM",
        "exit 1 2", "help me", "vf-mac 01:10.0", "vf-mac 01:10.0 set 1 2",
        "stamps now", "link-wait 01:00.0 up",
    };

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *out = run(bad[i]);

        if (strcmp(result_of(out), "error EINVAL (-22)"))
            fail_msg("'%s' -> %s", bad[i], out);
        if (strncmp(out, "usage: ", 7))
            fail_msg("'%s' printed no usage line: %s", bad[i], out);
    }
    assert_int_equal(stub_calls, 0);    /* no handler ran */
    /* The limits themselves are fine. */
    assert_string_equal(result_of(run("pci-add 01:10.0 vf-of 01:00.0")), "ok");
    assert_int_equal(stub_argc, 4);
}

/* stamps: nothing to say before `fire` saw a VF interrupt; then the
 * TSC from the program's start to it. */
static void test_stamps(void **state)
{
    char *out;

    mhvctl_start_tsc = 1000;
    mhvctl_first_vf_irq_tsc = 0;
    assert_string_equal(result_of(run("stamps")), "error ENOENT (-2)");
    mhvctl_first_vf_irq_tsc = 601000;
    out = run("stamps");
    assert_string_equal(result_of(out), "ok");
    assert_non_null(strstr(out, "@bench net op=d0-start-to-first-vf-msix ticks=600000\n"));
}

static void test_malformed(void **state)
{
    static const char *const lines[] = {
        "bogus", "LSPCI", "lspci\x01", "\x7f\x7f", "sriov\t\t\t",
        "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "sleep -1", "sleep 600001", "sleep 1e3", "sleep 99999999999999999999999",
        "exit 256", "exit -1", "exit x", "expect-error ENOPE lspci",
        "expect-error EPERM expect-error EPERM lspci", "expect-error EPERM exit",
        "expect-error EPERM bogus",
    };

    for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        const char *r = result_of(run(lines[i]));

        if (strncmp(r, "error E", 7))
            fail_msg("'%s' -> %s", lines[i], r);
    }
    assert_int_equal(stub_calls, 0);
    assert_false(mhvctl_exit_requested);
    assert_true(slept_ns == 0);
}

static void test_expect_error(void **state)
{
    char *out;

    stub_rc = -MHV_EPERM;
    assert_string_equal(result_of(run("expect-error EPERM pci-remove 01:00.0")), "ok");
    stub_rc = -MHV_EBUSY;
    out = run("expect-error EPERM pci-remove 01:00.0");
    assert_string_equal(result_of(out), "error EBUSY (-16)");
    assert_non_null(strstr(out, "expected EPERM, got EBUSY (-16)\n"));
    stub_rc = 0;
    out = run("expect-error EPERM pci-remove 01:00.0");
    assert_string_equal(result_of(out), "error EINVAL (-22)");
    assert_non_null(strstr(out, "expected EPERM, but the command succeeded\n"));
    /* The wrapped command's own word count is checked. */
    out = run("expect-error EINVAL sriov 01:00.0");
    assert_string_equal(result_of(out), "ok");
    assert_non_null(strstr(out, "usage: sriov SBDF N\n"));
}

static void test_exit_and_sleep(void **state)
{
    assert_string_equal(result_of(run("sleep 250")), "ok");
    assert_true(slept_ns == 250ull * 1000 * 1000);
    assert_string_equal(result_of(run("exit")), "ok");
    assert_true(mhvctl_exit_requested);
    assert_int_equal(mhvctl_exit_code, 0);
    assert_string_equal(result_of(run("exit 0x2a")), "ok");
    assert_int_equal(mhvctl_exit_code, 42);
}

static void test_heap_domains_help(void **state)
{
    char *out = run("heap");

    assert_string_equal(out, "heap objects=14 bytes=14384\nok\n");
    out = run("domains");
    assert_string_equal(out,
        "d0 name=d0 state=running cpu=0 devices=9 pirqs=0 control\n"
        "d2 name=d2 state=blocked cpu=0 devices=1 pirqs=0\n"
        "ok\n");
    out = run("help");
    assert_string_equal(result_of(out), "ok");
    for (const struct mhvctl_cmd *c = mhvctl_cmds; c->name; c++) {
        char want[64];

        snprintf(want, sizeof(want), "  %s", c->name);
        assert_non_null(strstr(out, want));
    }
}

/* wait-domain: d0 runs, d2 is blocked, d1 does not exist (stubs above). */
static void test_wait_domain(void **state)
{
    char *out = run("wait-domain 2 blocked 1000");

    assert_string_equal(out, "d2 state=blocked devices=1 pirqs=0\nok\n");
    assert_string_equal(result_of(run("wait-domain 0 devices=9 10")), "ok");
    assert_string_equal(result_of(run("wait-domain 2 pirqs=0 10")), "ok");
    assert_true(slept_ns == 0);
    out = run("wait-domain 0 shutdown 35");
    assert_string_equal(result_of(out), "error ETIMEDOUT (-110)");
    assert_non_null(strstr(out, "d0 state=running devices=9 pirqs=0 "
                                "(condition not met in 35 ms)\n"));
    assert_true(slept_ns == 35ull * 1000 * 1000);
    slept_ns = 0;
    assert_string_equal(result_of(run("wait-domain 2 pirqs=1 20")),
                        "error ETIMEDOUT (-110)");
    assert_true(slept_ns == 20ull * 1000 * 1000);
    assert_string_equal(result_of(run("wait-domain 1 shutdown 10")),
                        "error ESRCH (-3)");
    assert_string_equal(result_of(run("wait-domain 2 gone 10")),
                        "error EINVAL (-22)");
    assert_string_equal(result_of(run("wait-domain 2 pirqs=x 10")),
                        "error EINVAL (-22)");
    assert_string_equal(result_of(run("wait-domain 2 devices= 10")),
                        "error EINVAL (-22)");
    assert_string_equal(result_of(run("wait-domain 2 blocked 600001")),
                        "error ERANGE (-34)");
    assert_string_equal(result_of(run("wait-domain 2 blocked")),
                        "error EINVAL (-22)");
    /* marks>=N: an HVM guest's progress, read from its own info; a domain
     * that is not HVM never gets there. */
    slept_ns = 0;
    assert_string_equal(result_of(run("wait-domain 2 marks>=3 1000")), "ok");
    assert_true(slept_ns == 30ull * 1000 * 1000);
    assert_string_equal(result_of(run("wait-domain 2 marks>=0 10")), "ok");
    assert_string_equal(result_of(run("wait-domain 0 marks>=1 20")),
                        "error ETIMEDOUT (-110)");
    assert_string_equal(result_of(run("wait-domain 2 marks>=5 10")),
                        "error EINVAL (-22)");      /* more than are kept */
}

/* leakcheck: the mark and the comparison both sample the counters. */
static void test_leakcheck(void **state)
{
    char *out = run("leakcheck");

    assert_string_equal(result_of(out), "error EINVAL (-22)");
    assert_string_equal(result_of(run("leakcheck start")), "ok");
    assert_true(slept_ns > 0);          /* several readings, apart */
    slept_ns = 0;
    out = run("leakcheck");
    assert_string_equal(out, "leakcheck: objects +0 bytes +0 vectors +0 "
                             "pages +0\nleakcheck: iommu tables +0 contexts +0 "
                             "irtes +0\nok\n");
    assert_true(slept_ns == 0);         /* the first reading matched */
    assert_string_equal(result_of(run("leakcheck stop")), "error EINVAL (-22)");
}

/* leakcheck: a context entry or IRTE more than at the mark is a leak;
 * fewer table pages are not (a dead domain's tables went). */
static void test_leakcheck_iommu(void **state)
{
    char *out;

    iommu_contexts = 6;
    iommu_irtes = 0;
    iommu_tables = 24;
    assert_string_equal(result_of(run("leakcheck start")), "ok");
    iommu_tables = 20;
    assert_string_equal(result_of(run("leakcheck")), "ok");
    iommu_irtes = 1;
    out = run("leakcheck");
    assert_non_null(strstr(out, "leakcheck: iommu tables -4 contexts +0 irtes +1\n"));
    assert_string_equal(result_of(out), "error EBUSY (-16)");
    iommu_irtes = 0;
    iommu_contexts = 7;
    assert_string_equal(result_of(run("leakcheck")), "error EBUSY (-16)");
    iommu_contexts = 6;
    iommu_tables = 25;
    assert_string_equal(result_of(run("leakcheck")), "error EBUSY (-16)");
    iommu_tables = 24;
    /* Without an IOMMU there is no iommu line and nothing to compare. */
    iommu_off = true;
    out = run("leakcheck");
    assert_null(strstr(out, "iommu"));
    assert_string_equal(result_of(out), "ok");
    iommu_off = false;
}

/* iommu: the units, the modes, the counters and each domain's line. */
static void test_iommu(void **state)
{
    char *out = run("iommu");

    assert_non_null(strstr(out, "iommu: VT-d units=1 levels=4 dma=on intremap=on eim=off\n"));
    assert_non_null(strstr(out, "unit 0: base 0xfed90000 "));
    assert_non_null(strstr(out, "iommu: tables=24 contexts=6 irtes=0 faults=0 withheld=0\n"));
    assert_non_null(strstr(out, "d0: faults=0 mapped=20 devices=6\n"));
    assert_non_null(strstr(out, "d1: faults=5 mapped=20 devices=1\n"));
    assert_null(strstr(out, "d2:"));
    assert_null(strstr(out, "faults=7"));
    assert_string_equal(result_of(out), "ok");
    out = run("iommu 0000:01:10.2 01:10.4");
    assert_non_null(strstr(out, "0000:01:10.2: faults=7 (last in d1)\n"));
    assert_non_null(strstr(out, "0000:01:10.4: faults=0\n"));
    assert_string_equal(result_of(run("iommu 01:99.0")), "error EINVAL (-22)");
    iommu_off = true;
    out = run("iommu");
    assert_string_equal(out, "iommu: none (iommu=off)\nok\n");
    iommu_off = false;
}

/* Lines of up to MHVCTL_MAX_ARGS words reach the command; more do not. */
static void test_word_limit(void **state)
{
    char line[MHVCTL_LINE_MAX] = "pci-add", want[64];
    char *out;

    for (int i = 1; i < MHVCTL_MAX_ARGS; i++)
        strcat(line, " x");
    out = run(line);                    /* the limit: pci-add's usage */
    assert_string_equal(result_of(out), "error EINVAL (-22)");
    assert_non_null(strstr(out, "usage: pci-add"));
    strcat(line, " x");
    out = run(line);
    assert_string_equal(result_of(out), "error EINVAL (-22)");
    snprintf(want, sizeof(want), "too many words (at most %d)\n",
             MHVCTL_MAX_ARGS);
    assert_non_null(strstr(out, want));
    assert_int_equal(stub_calls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_blank_and_comment_lines, setup),
        cmocka_unit_test_setup(test_results, setup),
        cmocka_unit_test_setup(test_word_counts, setup),
        cmocka_unit_test_setup(test_malformed, setup),
        cmocka_unit_test_setup(test_expect_error, setup),
        cmocka_unit_test_setup(test_exit_and_sleep, setup),
        cmocka_unit_test_setup(test_heap_domains_help, setup),
        cmocka_unit_test_setup(test_wait_domain, setup),
        cmocka_unit_test_setup(test_word_limit, setup),
        cmocka_unit_test_setup(test_leakcheck, setup),
        cmocka_unit_test_setup(test_leakcheck_iommu, setup),
        cmocka_unit_test_setup(test_iommu, setup),
        cmocka_unit_test_setup(test_stamps, setup),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl, the control domain's shell: what its parts offer each other.
 *
 * A command is a handler `int fn(int argc, char **argv)` (argv[0] is the
 * command's name; the dispatcher has checked the word count against the
 * table).  It may print detail lines and returns 0 or a negative errno
 * value; the dispatcher alone prints the one result line (`ok` or
 * `error ENAME (-N)`), so every command ends with exactly one.
 */
#ifndef DOMAINS_MHVCTL_H
#define DOMAINS_MHVCTL_H

#include <runtime/runtime.h>
#include <runtime/libmhvctl.h>
#include <runtime/parse.h>
#include "args.h"

#define MHVCTL_PROMPT       "mhvctl> "
/* Room for a `repeat` over a whole sequence of commands. */
#define MHVCTL_LINE_MAX     768
#define MHVCTL_MAX_ARGS     96

struct mhvctl_cmd {
    const char *name;
    const char *args;           /* usage after the name, "" for none */
    const char *help;
    int min_args, max_args;     /* words after the name */
    int (*fn)(int argc, char **argv);
};

/* commands.c: the table, the dispatcher and the small commands. */
extern const struct mhvctl_cmd mhvctl_cmds[];
/* Run one split command line; returns its result (prints no result line). */
int mhvctl_dispatch(int argc, char **argv);
/* Run one text line: split, dispatch, print the result line. */
void mhvctl_run_line(char *line);
/* Set by `exit`: the shell shuts the domain down after the result line. */
extern int mhvctl_exit_requested;
extern uint32_t mhvctl_exit_code;

/*
 * Time stamps (TSC) for `stamps`: the program's start, and the first
 * delivery of a VF's MSI-X interrupt that `fire` waited for.  Under QEMU's
 * -icount shift=0 the TSC counts guest instructions (docs/performance.md).
 */
extern uint64_t mhvctl_start_tsc, mhvctl_first_vf_irq_tsc;
static inline uint64_t mhvctl_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return (uint64_t)hi << 32 | lo;
}


/* cmd_pci.c */
int cmd_lspci(int argc, char **argv);
int cmd_pci_add(int argc, char **argv);
int cmd_pci_remove(int argc, char **argv);
int cmd_assign(int argc, char **argv);
int cmd_deassign(int argc, char **argv);
/* `check`: MHV_SYSCTL_pci_check; EIO when the registry has problems. */
int cmd_check(int argc, char **argv);

/* cmd_conf.c */
int cmd_conf_read(int argc, char **argv);
int cmd_conf_write(int argc, char **argv);
int cmd_map_bar(int argc, char **argv);

/* cmd_sriov.c */
int cmd_sriov(int argc, char **argv);
/* VF Enable, VF MSE and NumVFs of @pf cleared (config space only: its VFs
 * are the caller's to have removed first); 0 also for a non-SR-IOV one. */
int sriov_pf_off(uint32_t pf);

/* cmd_hotplug.c: PCIe native hotplug (domains/pciehp/pciehp.c, docs/hotplug.md). */
int cmd_hotplug(int argc, char **argv);
int cmd_slots(int argc, char **argv);
int cmd_slot_wait(int argc, char **argv);
int cmd_slot_power(int argc, char **argv);
/* At start, before the script: take the hotplug slots over (Linux's pciehp
 * binds at boot), unless the command line says `hotplug=off`;
 * `hotplug=MS` sets the button delay (default PCIEHP_BLINK_MS_DEFAULT). */
void hotplug_boot(const char *cmdline);
/*
 * Wait about @ns, servicing the hotplug slots meanwhile: every wait of
 * mhvctl (the prompt's idle loop, sleep, wait-domain, slot-wait) goes
 * through it.  The vCPU blocks in SCHEDOP_poll until an event is pending
 * or the slice is over, so an idle control domain burns no CPU.
 */
void mhvctl_idle_ns(uint64_t ns);
/* Take the hotplug slots' pirqs out of @taken (bits drained from the
 * shared info page) and handle those slots' events. */
void hotplug_claim(uint64_t taken[MHV_NR_PIRQS / 64]);

/* cmd_latency.c: responsiveness measurements (lateness, map-latency). */
int cmd_lateness(int argc, char **argv);
int cmd_map_latency(int argc, char **argv);

/* cmd_irq.c: MSI/MSI-X mapping, the pirq table, software-fired vectors. */
int cmd_msix(int argc, char **argv);
int cmd_msi(int argc, char **argv);
int cmd_fire(int argc, char **argv);
int cmd_unmap(int argc, char **argv);
/* Forget the pirqs and BAR mappings mhvctl holds for @sbdf (the device
 * went away or changed owner; the hypervisor tore them down). */
void irq_forget_device(uint32_t sbdf);
/* igb: set the PF's GPIE MSI-X mode for @sbdf (a PF, or a VF's PF) if it
 * is an igb function; 0 when done or not an igb, else the error. */
int igb_prepare(uint32_t sbdf);

/* cmd_hvm.c: HVM domains. */
int cmd_hvm_create(int argc, char **argv);
int cmd_hvm_unpause(int argc, char **argv);
int cmd_hvm_list(int argc, char **argv);
int cmd_hvm_destroy(int argc, char **argv);

/* cmd_net.c: the igb PF drivers and this domain's own VF networks. */
int cmd_net_up(int argc, char **argv);
int cmd_net_down(int argc, char **argv);
int cmd_ping(int argc, char **argv);
int cmd_vf_mac(int argc, char **argv);
int cmd_vf_reset(int argc, char **argv);
int cmd_pf_stats(int argc, char **argv);
int cmd_link_wait(int argc, char **argv);
/* `sriov`: start the PF driver for @nvfs VFs (before they are enabled),
 * tell it the VF geometry (after), stop it (after they are disabled). */
int net_pf_start(uint32_t pf_sbdf, unsigned int nvfs);
void net_pf_geometry(uint32_t pf_sbdf, uint32_t offset, uint32_t stride);
void net_pf_stop(uint32_t pf_sbdf);
/* `pci-remove`: @sbdf is about to go: drop what drives it. */
void net_pf_forget(uint32_t sbdf);
/* `assign`/`deassign` moved @sbdf to @owner: if it is a VF of a PF we
 * drive, its PF driver applies the MAC policy (igb_pf_vf_moved()). */
void net_vf_moved(uint32_t sbdf, domid_t owner);

#endif /* DOMAINS_MHVCTL_H */

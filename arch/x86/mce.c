/* SPDX-License-Identifier: GPL-2.0 */
/* Machine checks: bank set-up and the #MC report (<asm/mce.h>). */
#include <mhv/lib.h>
#include <mhv/bug.h>
#include <mhv/smp.h>
#include <asm/cpu.h>
#include <asm/mce.h>
#include <asm/traps.h>

/* MCG_CAP's bank count; the architecture allows at most 32 MSR quads here. */
static unsigned int mce_banks(void)
{
    return min((unsigned int)(rdmsr(MSR_MCG_CAP) & MCG_CAP_COUNT), 32U);
}

/*
 * Intel's P6 family before Nehalem (family 6, model < 0x1a) leaves bank
 * 0's MCi_CTL to the firmware: software must not write it.
 */
static bool bank0_ctl_is_firmwares(void)
{
    return !boot_cpu.amd && boot_cpu.family == 6 && boot_cpu.model < 0x1a;
}

static void print_bank(unsigned int cpu, unsigned int bank, u64 status,
                       const char *when)
{
    printk(LOG_CRIT "MCE: CPU %u bank %u%s: status %016lx%s%s%s%s%s error code %#x\n",
           cpu, bank, when, status,
           status & MCI_STATUS_UC ? " uncorrected" : " corrected",
           status & MCI_STATUS_PCC ? " context-corrupt" : "",
           status & MCI_STATUS_OVER ? " overflow" : "",
           status & MCI_STATUS_EN ? " signalled" : "",
           status & MCI_STATUS_ADDRV ? " addr-valid" : "",
           (unsigned int)(status & 0xffff));
    if (status & MCI_STATUS_ADDRV)
        printk(LOG_CRIT "MCE: CPU %u bank %u: address %016lx\n", cpu, bank,
               rdmsr(MSR_MC_ADDR(bank)));
    if (status & MCI_STATUS_MISCV)
        printk(LOG_CRIT "MCE: CPU %u bank %u: misc %016lx\n", cpu, bank,
               rdmsr(MSR_MC_MISC(bank)));
}

void mce_init_cpu(void)
{
    unsigned int cpu = smp_processor_id(), banks;

    if (!boot_cpu.mce || !boot_cpu.mca)
        return;                 /* CR4.MCE alone: a #MC with nothing to read */
    banks = mce_banks();
    if (rdmsr(MSR_MCG_CAP) & MCG_CAP_CTL_P)
        wrmsr(MSR_MCG_CTL, ~0ULL);
    for (unsigned int i = 0; i < banks; i++) {
        u64 status = rdmsr(MSR_MC_STATUS(i));

        /* An error logged before this boot (a reset after a #MC). */
        if (status & MCI_STATUS_VAL)
            print_bank(cpu, i, status, " (from before this boot)");
        if (i || !bank0_ctl_is_firmwares())
            wrmsr(MSR_MC_CTL(i), ~0ULL);
        wrmsr(MSR_MC_STATUS(i), 0);
    }
    if (cpu == 0)
        printk("MCE: %u banks, machine checks reported\n", banks);
}

void do_machine_check(const struct cpu_user_regs *regs)
{
    unsigned int cpu = smp_processor_id(), found = 0;
    u64 mcg = boot_cpu.mca ? rdmsr(MSR_MCG_STATUS) : 0;

    print_banner_line();
    printk(LOG_CRIT "MCE: machine check on CPU %u in %s context, MCG_STATUS "
           "%016lx%s%s%s\n", cpu, guest_mode(regs) ? "guest" : "hypervisor",
           mcg, mcg & MCG_STATUS_MCIP ? " in-progress" : "",
           mcg & MCG_STATUS_RIPV ? " restartable" : " not-restartable",
           mcg & MCG_STATUS_EIPV ? " at-rip" : "");
    if (boot_cpu.mca) {
        unsigned int banks = mce_banks();

        for (unsigned int i = 0; i < banks; i++) {
            u64 status = rdmsr(MSR_MC_STATUS(i));

            if (status & MCI_STATUS_VAL) {
                print_bank(cpu, i, status, "");
                found++;
            }
        }
    }
    if (!found)
        printk(LOG_CRIT "MCE: CPU %u: no bank holds an error\n", cpu);
    show_registers(regs);
    if (!guest_mode(regs))
        show_call_trace(regs->rip, regs->rbp);
    panic("machine check on CPU %u (%u bank%s with an error): not "
          "recoverable, stopping", cpu, found, found == 1 ? "" : "s");
}

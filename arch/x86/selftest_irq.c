/* SPDX-License-Identifier: GPL-2.0 */
/*
 * selftest=stray-irq: interrupts nobody asked for must be counted, never
 * fatal, and never disturb a cross-CPU call (see <asm/stray_irq.h> and
 * arch/x86/smp.c).  Self-IPIs through the LAPIC's ICR stand in for a
 * device MSI that names any vector:
 *   1. every exception vector from 16 on (those with an error code too) as
 *      an external interrupt: a stray interrupt, not #MC, #AC, ...;
 *   2. CALL_FUNCTION_VECTOR with no call in progress: stray, no function
 *      called;
 *   3. CALL_FUNCTION_VECTOR forged by CPU 1 while a call is in progress:
 *      the caller still waits for every CPU (CPU 2 and up wait for the
 *      forgery to be handled before they run the function; if the caller
 *      returned first, the forgery was counted as CPU 1 finishing again).
 * Each wait is bounded by NOW() (2 s, far more than a self-IPI needs).
 */
#include <mhv/init.h>
#include <mhv/lib.h>
#include <mhv/smp.h>
#include <mhv/time.h>
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/stray_irq.h>

#define WAIT_NS SECONDS(2)

static bool wait_stray(unsigned int vector, unsigned long before)
{
    s_time_t end = NOW() + WAIT_NS;

    while (irq_stray_count(vector) == before && NOW() < end)
        cpu_relax();
    return irq_stray_count(vector) != before;
}

static unsigned int runs[NR_CPUS];
static bool forged_sent, caller_returned;
static unsigned long callfn_before;

static void forge_probe(void *unused)
{
    unsigned int cpu = smp_processor_id();

    if (cpu == 1) {
        if (!__atomic_exchange_n(&forged_sent, true, __ATOMIC_SEQ_CST))
            apic_send_ipi(apic_id(), CALL_FUNCTION_VECTOR);
    } else {
        s_time_t end = NOW() + WAIT_NS;

        while (irq_stray_count(CALL_FUNCTION_VECTOR) == callfn_before &&
               !__atomic_load_n(&caller_returned, __ATOMIC_SEQ_CST) && NOW() < end)
            cpu_relax();
    }
    __atomic_add_fetch(&runs[cpu], 1, __ATOMIC_SEQ_CST);
}

static void count_run(void *unused)
{
    __atomic_add_fetch(&runs[smp_processor_id()], 1, __ATOMIC_SEQ_CST);
}

static int selftest_stray_irq(void)
{
    static const u8 vectors[] = { 16, 17, 18, 19, 20, 21, 22, 28, 29, 30, 31 };
    unsigned int me = smp_processor_id(), late = 0;
    unsigned long before;
    int failed = 0;

    for (unsigned int i = 0; i < ARRAY_SIZE(vectors); i++) {
        before = irq_stray_count(vectors[i]);
        apic_send_ipi(apic_id(), vectors[i]);
        if (!wait_stray(vectors[i], before)) {
            printk(LOG_ERR "stray-irq: vector %u as an interrupt not counted\n",
                   vectors[i]);
            failed++;
        }
    }
    printk("stray-irq: %zu exception vectors delivered as interrupts: all stray\n",
           ARRAY_SIZE(vectors));

    before = irq_stray_count(CALL_FUNCTION_VECTOR);
    apic_send_ipi(apic_id(), CALL_FUNCTION_VECTOR);
    if (!wait_stray(CALL_FUNCTION_VECTOR, before)) {
        printk(LOG_ERR "stray-irq: forged call-function IPI not counted\n");
        failed++;
    } else {
        printk("stray-irq: forged call-function IPI with no call: stray\n");
    }

    if (num_online_cpus < 2 || me != 0) {
        printk("stray-irq: one CPU: no cross-CPU part\n");
        return failed ? -1 : 0;
    }
    memset(runs, 0, sizeof(runs));
    callfn_before = irq_stray_count(CALL_FUNCTION_VECTOR);
    smp_call_function(forge_probe, NULL, true);
    for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++)
        if (cpu_online(cpu) && !__atomic_load_n(&runs[cpu], __ATOMIC_SEQ_CST))
            late++;
    __atomic_store_n(&caller_returned, true, __ATOMIC_SEQ_CST);
    if (late) {
        printk(LOG_ERR "stray-irq: smp_call_function returned before %u CPU(s) "
               "ran the function\n", late);
        failed++;
    }
    if (!wait_stray(CALL_FUNCTION_VECTOR, callfn_before) ||
        __atomic_load_n(&runs[1], __ATOMIC_SEQ_CST) != 1) {
        printk(LOG_ERR "stray-irq: a call-function IPI forged during a call ran "
               "the function again (CPU 1 ran it %u times)\n", runs[1]);
        failed++;
    } else {
        printk("stray-irq: call-function IPI forged during a call: stray, "
               "every CPU ran the function once\n");
    }

    memset(runs, 0, sizeof(runs));
    smp_call_function(count_run, NULL, true);
    for (unsigned int cpu = 1; cpu < NR_CPUS; cpu++)
        if (cpu_online(cpu) && __atomic_load_n(&runs[cpu], __ATOMIC_SEQ_CST) != 1)
            late++;
    if (late) {
        printk(LOG_ERR "stray-irq: a later call missed %u CPU(s)\n", late);
        failed++;
    }
    return failed ? -1 : 0;
}
REGISTER_SELFTEST("stray-irq", selftest_stray_irq, SELFTEST_IN_ALL);

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM start of day: find the CPU's virtualization extension and bring it
 * up on every CPU.
 */
#include <asm/hvm/hvm.h>
#include <asm/hvm/spec_ctrl.h>
#include <mhv/init.h>
#include <mhv/smp.h>
#include <mhv/lib.h>
#include <mhv/errno.h>
#include <asm/irqflags.h>

const struct hvm_vendor_ops *hvm_ops;
static unsigned int cpus_up, cpus_failed;

static void cpu_up_one(void *unused)
{
    if (hvm_ops->cpu_up())
        __atomic_add_fetch(&cpus_failed, 1, __ATOMIC_RELAXED);
    else
        __atomic_add_fetch(&cpus_up, 1, __ATOMIC_RELAXED);
}

/* After the APs are up (initcalls run then), before any domain exists. */
static int hvm_init(void)
{
    const struct hvm_vendor_ops *ops = svm_probe();
    unsigned long flags;

    if (!ops) {
        printk("hvm: no usable virtualization extension: HVM guests unavailable\n");
        return 0;
    }
    hvm_ops = ops;
    hvm_spec_ctrl_init();
    local_irq_save(flags);
    cpu_up_one(NULL);
    local_irq_restore(flags);
    smp_call_function(cpu_up_one, NULL, true);
    printk("hvm: %s on %u CPU(s)%s\n", ops->name, cpus_up,
           cpus_failed ? " (some failed: no memory)" : "");
    return 0;
}
__initcall(hvm_init);

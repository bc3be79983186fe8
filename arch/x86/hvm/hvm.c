/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HVM start of day: find the CPU's virtualization extension and bring it
 * up on every CPU; the HVM images among the boot modules.
 */
#include <asm/hvm/hvm.h>
#include <mhv/bootinfo.h>
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
    local_irq_save(flags);
    cpu_up_one(NULL);
    local_irq_restore(flags);
    smp_call_function(cpu_up_one, NULL, true);
    printk("hvm: %s on %u CPU(s)%s\n", ops->name, cpus_up,
           cpus_failed ? " (some failed: no memory)" : "");
    return 0;
}
__initcall(hvm_init);

static const char *module_name_start(const struct boot_module *m)
{
    const char *c = m->cmdline;

    if (strncmp(c, "hvm ", 4))
        return NULL;
    c += 4;
    while (*c == ' ')
        c++;
    return *c ? c : NULL;
}

bool hvm_boot_module_name(const struct boot_module *m, char *name, size_t len)
{
    const char *c = module_name_start(m);
    size_t n = 0;

    if (!c)
        return false;
    if (name && len) {
        while (c[n] && c[n] != ' ' && n + 1 < len) {
            name[n] = c[n];
            n++;
        }
        name[n] = '\0';
    }
    return true;
}

const struct boot_module *hvm_boot_module_find(const char *name, const char **args)
{
    size_t len = strlen(name);

    for (unsigned int i = 0; i < bootinfo.nr_mods; i++) {
        const struct boot_module *m = &bootinfo.mods[i];
        const char *c = module_name_start(m);

        if (!c || strncmp(c, name, len) || (c[len] && c[len] != ' '))
            continue;
        if (args) {
            c += len;
            while (*c == ' ')
                c++;
            *args = c;
        }
        return m;
    }
    return NULL;
}

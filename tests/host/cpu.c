/* SPDX-License-Identifier: GPL-2.0 */
/* Host "arch" layer state: the CPU number of each thread. */
#include <mhv/smp.h>

__thread unsigned int host_cpu_id;
unsigned int num_online_cpus = 1;

bool cpu_online(unsigned int cpu)
{
    return cpu < num_online_cpus;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * vmemmap_probe: report which physical pages back the struct pages of every
 * compound page in a pfn range, by walking the kernel page tables.
 *
 * The lab writes "START_PFN NR_PFNS" to /sys/kernel/debug/vmemmap_probe and
 * reads one line per compound page found:
 *
 *   <kind> <order> <head pfn> <vmemmap pages> <pfn>[r|w]*<count> ...
 *
 * kind is hugetlb, device or other; each <pfn>*<count> is a run of <count>
 * consecutive vmemmap pages (virtual) mapped to physical page <pfn>, r or w
 * telling whether the mapping is writable.  Whether a vmemmap page is private
 * to one compound page or shared by several is decided by the reader, across
 * all lines.
 *
 * /sys/kernel/debug/vmemmap_page_hash takes a pfn and reads back "<pfn>
 * <hash>", a jhash of that page's contents: the lab hashes the pages mapped
 * read-only under many compound pages before and after an operation to show
 * that nothing wrote them.  A lab tool, not part of the series: it builds against the base
 * as well as the patched kernel, so it only uses exported x86 interfaces.
 */
#include <linux/module.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/mm.h>
#include <linux/hugetlb.h>
#include <linux/memremap.h>
#include <linux/highmem.h>
#include <linux/jhash.h>
#include <asm/pgtable_types.h>

#ifndef CONFIG_X86_64
#error "vmemmap_probe walks page tables with x86's lookup_address()"
#endif

static unsigned long probe_start, probe_nr;
static DEFINE_MUTEX(probe_lock);

/* Physical pfn behind the kernel virtual address @addr, or 0 if unmapped. */
static unsigned long vmemmap_pfn(unsigned long addr, bool *writable)
{
	unsigned int level;
	pte_t *pte = lookup_address(addr, &level);

	if (!pte || !pte_present(*pte))
		return 0;
	*writable = pte_write(*pte);
	return pte_pfn(*pte) + ((addr & ~page_level_mask(level)) >> PAGE_SHIFT);
}

static void show_compound(struct seq_file *m, struct page *head, unsigned int order)
{
	unsigned long start = (unsigned long)head;
	unsigned long end = (unsigned long)(head + (1UL << order));
	unsigned long addr, pfn, run_pfn = 0, run = 0;
	bool w, run_w = false;
	const char *kind = "other";

	if (is_zone_device_page(head))
		kind = "device";
	else if (PageHuge(head))
		kind = "hugetlb";

	seq_printf(m, "%s %u %lu %lu", kind, order, page_to_pfn(head),
		   DIV_ROUND_UP(end - start, PAGE_SIZE));
	for (addr = start & PAGE_MASK; addr < end; addr += PAGE_SIZE) {
		pfn = vmemmap_pfn(addr, &w);
		if (run && pfn == run_pfn && w == run_w) {
			run++;
			continue;
		}
		if (run)
			seq_printf(m, " %lu%c*%lu", run_pfn, run_w ? 'w' : 'r', run);
		run_pfn = pfn;
		run_w = w;
		run = 1;
	}
	seq_printf(m, " %lu%c*%lu\n", run_pfn, run_w ? 'w' : 'r', run);
}

static int probe_show(struct seq_file *m, void *v)
{
	unsigned long pfn, end;
	struct page *page;
	unsigned int order;

	mutex_lock(&probe_lock);
	end = probe_start + probe_nr;
	for (pfn = probe_start; pfn < end; pfn++) {
		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageHead(page))
			continue;
		order = compound_order(page);
		if (!order)
			continue;
		show_compound(m, page, order);
		pfn += (1UL << order) - 1;
		cond_resched();
	}
	mutex_unlock(&probe_lock);
	return 0;
}

static int probe_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, probe_show, NULL, 1 << 20);
}

static ssize_t probe_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	unsigned long start, nr;
	char buf[64];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%lu %lu", &start, &nr) != 2 || !nr)
		return -EINVAL;
	mutex_lock(&probe_lock);
	probe_start = start;
	probe_nr = nr;
	mutex_unlock(&probe_lock);
	return len;
}

static const struct file_operations probe_fops = {
	.owner = THIS_MODULE,
	.open = probe_open,
	.read = seq_read,
	.write = probe_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static unsigned long hash_pfn;

static int hash_show(struct seq_file *m, void *v)
{
	unsigned long pfn = READ_ONCE(hash_pfn);
	void *kaddr;
	u32 hash;

	if (!pfn_valid(pfn) || !pfn_to_online_page(pfn))
		return -EINVAL;
	kaddr = kmap_local_page(pfn_to_page(pfn));
	hash = jhash2(kaddr, PAGE_SIZE / sizeof(u32), 0);
	kunmap_local(kaddr);
	seq_printf(m, "%lu %08x\n", pfn, hash);
	return 0;
}

static int hash_open(struct inode *inode, struct file *file)
{
	return single_open(file, hash_show, NULL);
}

static ssize_t hash_write(struct file *file, const char __user *ubuf,
			  size_t len, loff_t *ppos)
{
	unsigned long pfn;
	int ret = kstrtoul_from_user(ubuf, len, 0, &pfn);

	if (ret)
		return ret;
	WRITE_ONCE(hash_pfn, pfn);
	return len;
}

static const struct file_operations hash_fops = {
	.owner = THIS_MODULE,
	.open = hash_open,
	.read = seq_read,
	.write = hash_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static struct dentry *probe_dentry, *hash_dentry;

static int __init probe_init(void)
{
	probe_dentry = debugfs_create_file("vmemmap_probe", 0600, NULL, NULL,
					   &probe_fops);
	hash_dentry = debugfs_create_file("vmemmap_page_hash", 0600, NULL, NULL,
					  &hash_fops);
	return 0;
}

static void __exit probe_exit(void)
{
	debugfs_remove(hash_dentry);
	debugfs_remove(probe_dentry);
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_DESCRIPTION("Lab probe: physical pages behind compound pages' vmemmap");
MODULE_LICENSE("GPL");

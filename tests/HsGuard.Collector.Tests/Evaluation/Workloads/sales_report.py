#!/usr/bin/env python3
"""A member's nightly sales report: reads the shop's CSV exports in a folder, sums the revenue by
region, category and month, counts each region's customers, and writes a tab-separated report
(to a temporary file first, so that readers never see half of it)."""
import csv
import os
import sys
from collections import defaultdict


def main(source, target):
    revenue = defaultdict(float)
    orders = defaultdict(int)
    customers = defaultdict(set)
    for name in sorted(os.listdir(source)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(source, name), newline="") as export:
            for row in csv.DictReader(export):
                key = (row["region"], row["category"], row["date"][:7])
                revenue[key] += int(row["quantity"]) * float(row["unit_price"])
                orders[key] += 1
                customers[row["region"]].add(row["customer"])
    with open(target + ".tmp", "w") as report:
        report.write("region\tcategory\tmonth\torders\trevenue\n")
        for key in sorted(revenue, key=lambda k: -revenue[k]):
            report.write("%s\t%s\t%s\t%d\t%.2f\n" % (key + (orders[key], revenue[key])))
        for region in sorted(customers):
            report.write("%s\t%d customers\n" % (region, len(customers[region])))
    os.replace(target + ".tmp", target)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

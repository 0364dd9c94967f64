-- A shop's database, made up: 20,000 customers, 2,000 products, a million orders (about 20 MB,
-- ten times SQLite's default page cache, so that queries read it as a real one's do).
PRAGMA journal_mode = OFF;
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, region TEXT, since INTEGER);
CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, category TEXT, price REAL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, product_id INTEGER, quantity INTEGER, day INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO customers SELECT i, 'customer ' || i, 'region ' || (i % 17), 2000 + i % 25 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO products SELECT i, 'product ' || i, 'category ' || (i % 23), (i * 7919 % 10000) / 100.0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000)
INSERT INTO orders SELECT i, (i * 2654435761) % 20000 + 1, (i * 40503) % 2000 + 1, 1 + i % 9, i % 3650 FROM n;

-- A member's monthly report: revenue by region and category, the best customers, the trend by
-- month. Joins and aggregates over the whole orders table.
SELECT c.region, p.category, count(*) AS orders, round(sum(o.quantity * p.price), 2) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
WHERE o.day BETWEEN 100 AND 3000
GROUP BY c.region, p.category ORDER BY revenue DESC LIMIT 20;

SELECT c.name, count(*) AS orders, round(sum(o.quantity * p.price), 2) AS revenue
FROM orders o JOIN customers c ON c.id = o.customer_id JOIN products p ON p.id = o.product_id
GROUP BY c.id ORDER BY revenue DESC LIMIT 20;

SELECT o.day / 30 AS month, count(DISTINCT o.customer_id) AS customers, round(sum(o.quantity * p.price), 2) AS revenue
FROM orders o JOIN products p ON p.id = o.product_id
GROUP BY month ORDER BY month;

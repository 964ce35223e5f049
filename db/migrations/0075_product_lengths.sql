-- 0075_product_lengths.sql: a product's SKU and name fit the buffers the
-- client reads them into, so a copy is never cut.
--
-- The client holds a SKU in 64 bytes (SUBRULE_SKU_SIZE, PRICING_SKU_SIZE)
-- and a product name in 256 (SUBRULE_NAME_SIZE; order lines hold 481).
-- A SKU is ASCII (0002's pattern), so 63 characters are 63 bytes; a name
-- of 60 characters is at most 240 bytes in UTF-8. Before this, a longer
-- SKU was cut on reading and the cut SKU then drove a DELETE or UPDATE of
-- subscription or order lines that matched nothing. include/repeatdesk/
-- textcheck.h names the same numbers (TEXTCHECK_SKU_MAX,
-- TEXTCHECK_PRODUCT_NAME_MAX) and the code asserts that they fit.
ALTER TABLE rd.products
	ADD CONSTRAINT products_sku_length CHECK (length(sku) <= 63),
	ADD CONSTRAINT products_name_length CHECK (length(name) <= 60);
-- an order line keeps the name as sold: the same bound
ALTER TABLE rd.order_lines
	ADD CONSTRAINT order_lines_name_length CHECK (length(name) <= 60);

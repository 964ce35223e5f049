/* placeholder */
#include <check.h>
Suite *ui_subscription_suite(void);
Suite *ui_subscription_suite(void) { return suite_create("ui_subscription"); }

/** Reserved: see ARCHITECTURE.md section 6 (coordination). */
package org.pyql.coordination;

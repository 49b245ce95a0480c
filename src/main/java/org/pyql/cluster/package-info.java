/** Reserved: see ARCHITECTURE.md section 6 (cluster). */
package org.pyql.cluster;

"""The look of the lab's page (the KPI table's look is shared with the report:
:data:`simulations.present.tables.STYLE`)."""

CSS = """
<style>
.cfl-lab { max-width: 1180px; }
.cfl-lab .lm-TabBar-tab, .cfl-lab .p-TabBar-tab { flex: 0 0 auto !important;
  max-width: none !important; min-width: 120px; }
.cfl-lab .cfl-title h2 { margin: 0 0 2px 0; }
.cfl-lab .cfl-muted { color: #52606d; font-size: 13px; }
.cfl-lab .cfl-hint { color: #52606d; font-size: 12.5px; line-height: 1.35; }
.cfl-lab .cfl-hint b.cfl-changed { color: #b45309; }
.cfl-lab .cfl-doc { color: #6b7280; font-size: 12px; margin: -4px 0 6px 215px; }
.cfl-error { background: #fdecea; border: 1px solid #f5c2c0; color: #8a1c1c;
  padding: 6px 10px; border-radius: 4px; font-weight: 600; }
.cfl-notice { background: #fff8e1; border: 1px solid #f1d48a; color: #6b4e00;
  padding: 6px 10px; border-radius: 4px; }
.cfl-ok { color: #1a7f37; }
.cfl-stale { opacity: 0.3; }
.cfl-lab .cfl-verdicts li { margin: 2px 0; }
</style>
"""
"""CSS of the page, put in front of its title."""

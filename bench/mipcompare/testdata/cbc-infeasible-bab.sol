Integer infeasible - objective value 1.50000000

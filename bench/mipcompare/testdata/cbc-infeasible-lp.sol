Infeasible - objective value 20.00000000

Stopped on iterations - objective value 28709.00000000

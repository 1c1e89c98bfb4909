Stopped on time (no integer solution - continuous used) - objective value 416.50000000

Problem:    
Rows:       10101
Columns:    10100 (100 integer, 100 binary)
Non-zeros:  30100
Status:     INTEGER OPTIMAL
Objective:  cost = 5819 (MINimum)

   No.   Row name        Activity     Lower bound   Upper bound

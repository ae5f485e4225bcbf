module example.com/href-counter

go 1.19

# casebook_warnings(target): the warning set every project target uses.
function(casebook_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()
